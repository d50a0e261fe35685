using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;

namespace Vireo.Web.Api;

/// <summary>
/// The REST routes of docs/web.md for the host and domains. Each change calls the same driver method as the
/// libvirt protocol does, with default flags, and answers the domain as it is after the call.
/// </summary>
public static class DomainEndpoints
{
    private const string Domain = "/api/v1/domains/{driver}/{name}";

    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        app.MapGet("/api/v1/host", ctx => Host(ctx, api));
        app.MapGet("/api/v1/domains", ctx => List(ctx, api));
        app.MapPost("/api/v1/domains/{driver}", ctx => Define(ctx, api));
        app.MapGet(Domain, ctx => Get(ctx, api));
        app.MapDelete(Domain, ctx => Undefine(ctx, api));
        app.MapGet(Domain + "/xml", ctx => Xml(ctx, api));
        app.MapPut(Domain + "/autostart", ctx => Autostart(ctx, api));
        app.MapPost(Domain + "/{action}", ctx => Act(ctx, api));
    }

    private static Task Host(HttpContext ctx, ApiContext api)
    {
        var first = api.Drivers[0].Driver.Host;
        var n = first.NodeInfo();
        var host = new HostView(
            first.Hostname(),
            typeof(DomainEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            new NodeView(n.Model, n.MemoryKiB, n.Cpus, n.Mhz, n.Nodes, n.Sockets, n.Cores, n.Threads),
            [.. api.Drivers.Select(d => new DriverView(d.Name, d.Driver.Host.HypervisorType,
                VersionText(d.Driver.Host.HypervisorVersion), d.Driver.Host.CanonicalUri))]);
        return ApiContext.WriteJsonAsync(ctx, 200, host, WebJson.Api.HostView);
    }

    /// <summary>libvirt's version number (major*1000000 + minor*1000 + micro) as "major.minor.micro".</summary>
    public static string VersionText(ulong v) => $"{v / 1_000_000}.{v / 1000 % 1000}.{v % 1000}";

    private static Task List(HttpContext ctx, ApiContext api)
    {
        var only = ctx.Request.Query["driver"].ToString();
        if (only.Length > 0) api.Driver(only); // an unknown name is a 404, not an empty list
        var list = new List<DomainView>();
        foreach (var (name, driver) in api.Drivers)
            if (only.Length == 0 || only == name) list.AddRange(api.Views.List(name, driver));
        return ApiContext.WriteJsonAsync<IReadOnlyList<DomainView>>(ctx, 200, list, WebJson.Api.IReadOnlyListDomainView);
    }

    private static (string Name, IHypervisorDriver Driver, Guid Uuid) Find(HttpContext ctx, ApiContext api)
    {
        var (name, driver, d) = FindRef(ctx, api);
        return (name, driver, d.Uuid);
    }

    private static (string Name, IHypervisorDriver Driver, DomainRef Ref) FindRef(HttpContext ctx, ApiContext api)
    {
        var driverName = (string)ctx.GetRouteValue("driver")!;
        var driver = api.Driver(driverName);
        return (driverName, driver, driver.Domains.LookupByName(ApiContext.RouteName(ctx)));
    }

    private static Task Get(HttpContext ctx, ApiContext api)
    {
        var (name, driver, uuid) = Find(ctx, api);
        return ApiContext.WriteJsonAsync(ctx, 200, api.Views.Get(name, driver, uuid), WebJson.Api.DomainView);
    }

    private static Task Xml(HttpContext ctx, ApiContext api)
    {
        var (_, driver, uuid) = Find(ctx, api);
        return ApiContext.WriteXmlAsync(ctx, driver.Domains.Xml(uuid, ApiContext.InactiveXmlAsked(ctx) ? XmlFlags.Inactive : XmlFlags.None));
    }

    private static async Task Define(HttpContext ctx, ApiContext api)
    {
        var driverName = (string)ctx.GetRouteValue("driver")!;
        var driver = api.Driver(driverName);
        var body = await ApiContext.ReadBodyAsync(ctx, api.Options.MaxXmlBytes, "domain XML").ConfigureAwait(false);
        if (body is null) return;
        var d = await driver.Lifecycle.DefineAsync(Encoding.UTF8.GetString(body), DefineFlags.None, api.Stopping).ConfigureAwait(false);
        ctx.Response.Headers.Location = $"/api/v1/domains/{Uri.EscapeDataString(driverName)}/{Uri.EscapeDataString(d.Name)}";
        await ApiContext.WriteJsonAsync(ctx, 201, api.Views.Get(driverName, driver, d.Uuid), WebJson.Api.DomainView).ConfigureAwait(false);
    }

    private static async Task Undefine(HttpContext ctx, ApiContext api)
    {
        var (_, driver, uuid) = Find(ctx, api);
        await driver.Lifecycle.UndefineAsync(uuid, UndefineFlags.None, api.Stopping).ConfigureAwait(false);
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Act(HttpContext ctx, ApiContext api)
    {
        var action = (string)ctx.GetRouteValue("action")!;
        var call = DomainActions.Find(action) ?? throw WebErrors.UnknownAction(action);
        var (name, driver, d) = FindRef(ctx, api);
        await call(driver, d.Uuid, api.Stopping).ConfigureAwait(false);
        // A transient domain is gone once stopped: it is answered as it last was, shut off.
        await ApiContext.WriteJsonAsync(ctx, 200, api.Views.AfterEvent(name, driver, d), WebJson.Api.DomainView).ConfigureAwait(false);
    }

    private static async Task Autostart(HttpContext ctx, ApiContext api)
    {
        var (name, driver, uuid) = Find(ctx, api);
        if (await api.ReadAutostartAsync(ctx).ConfigureAwait(false) is not { } on) return;
        await driver.Lifecycle.SetAutostartAsync(uuid, on, api.Stopping).ConfigureAwait(false);
        await ApiContext.WriteJsonAsync(ctx, 200, api.Views.Get(name, driver, uuid), WebJson.Api.DomainView).ConfigureAwait(false);
    }
}
