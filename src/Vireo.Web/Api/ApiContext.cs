using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Web.Hosting;

namespace Vireo.Web.Api;

/// <summary>What every endpoint shares: the drivers by URL name, the domain objects, the limits, and the JSON edge.</summary>
public sealed class ApiContext(IReadOnlyList<(string Name, IHypervisorDriver Driver)> drivers, DomainViews views, WebOptions options, CancellationToken stopping)
{
    /// <summary>The shared network driver's objects; null when vireod runs none (the in-memory test driver alone).</summary>
    public NetworkViews? NetworkViews { get; init; }

    /// <summary>The shared storage driver's objects; null when vireod runs none.</summary>
    public PoolViews? PoolViews { get; init; }

    /// <summary>The network objects, or "not supported" (501) when there is no network driver.</summary>
    public NetworkViews Networks => NetworkViews ?? throw WebErrors.NoSharedDriver("virtual networks", Core.Errors.VirErrorDomain.Network);

    /// <summary>The pool objects, or "not supported" (501) when there is no storage driver.</summary>
    public PoolViews Pools => PoolViews ?? throw WebErrors.NoSharedDriver("storage pools", Core.Errors.VirErrorDomain.Storage);

    public IReadOnlyList<(string Name, IHypervisorDriver Driver)> Drivers => drivers;
    public DomainViews Views => views;
    public WebOptions Options => options;

    /// <summary>Cancelled when the server stops. Changes use it instead of the request's token: a browser tab closed
    /// in the middle of a start must not cancel the start half-way.</summary>
    public CancellationToken Stopping => stopping;

    /// <summary>The driver a URL names; an unknown name is VIR_ERR_NO_CONNECT (404).</summary>
    public IHypervisorDriver Driver(string name)
    {
        foreach (var (n, d) in drivers)
            if (n == name) return d;
        throw WebErrors.NoDriver(name, drivers.Select(d => d.Name));
    }

    public static async Task WriteJsonAsync<T>(HttpContext ctx, int status, T value, JsonTypeInfo<T> type)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(ctx.Response.Body, value, type, ctx.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext ctx, VirException e, int? status = null) =>
        WriteJsonAsync(ctx, status ?? WebErrors.StatusOf(e.Code), WebErrors.Body(e), WebJson.Api.ErrorBody);

    /// <summary>
    /// Reads a request body of at most <paramref name="limit"/> bytes; a larger one is refused (413) before it is
    /// all read, so nobody can make vireod buffer gigabytes.
    /// </summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpContext ctx, long limit, string what)
    {
        if (ctx.Request.ContentLength > limit)
        {
            await WriteErrorAsync(ctx, WebErrors.TooLarge(what, limit), StatusCodes.Status413PayloadTooLarge).ConfigureAwait(false);
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                await WriteErrorAsync(ctx, WebErrors.TooLarge(what, limit), StatusCodes.Status413PayloadTooLarge).ConfigureAwait(false);
                return null;
            }
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    /// <summary>A small JSON body, or null after answering 400/413.</summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpContext ctx, long limit, JsonTypeInfo<T> type, string example) where T : class
    {
        var body = await ReadBodyAsync(ctx, limit, "JSON body").ConfigureAwait(false);
        if (body is null) return null;
        try
        {
            if (JsonSerializer.Deserialize(body, type) is { } value) return value;
        }
        catch (JsonException)
        {
        }
        await WriteErrorAsync(ctx, WebErrors.BadJson(example)).ConfigureAwait(false);
        return null;
    }

    /// <summary>The body of PUT .../autostart (domains, networks, pools): the flag, or null after answering 400/413.</summary>
    public async Task<bool?> ReadAutostartAsync(HttpContext ctx)
    {
        const string example = "{\"autostart\": true}";
        var request = await ReadJsonAsync(ctx, options.MaxJsonBytes, WebJson.Api.AutostartRequest, example).ConfigureAwait(false);
        if (request is null) return null;
        if (request.Autostart is { } on) return on;
        await WriteErrorAsync(ctx, WebErrors.BadJson(example)).ConfigureAwait(false);
        return null;
    }

    /// <summary>GET .../xml?inactive=true asks for the persistent definition instead of the live one.</summary>
    public static bool InactiveXmlAsked(HttpContext ctx) =>
        string.Equals(ctx.Request.Query["inactive"], "true", StringComparison.OrdinalIgnoreCase);

    public static async Task WriteXmlAsync(HttpContext ctx, string xml)
    {
        ctx.Response.ContentType = "application/xml; charset=utf-8";
        await ctx.Response.WriteAsync(xml, ctx.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The name a route names (URL-decoded by routing).</summary>
    public static string RouteName(HttpContext ctx) => (string)ctx.GetRouteValue("name")!;
}
