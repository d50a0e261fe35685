using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Vireo.Web.Api;

/// <summary>
/// The REST routes of docs/web.md for virtual networks: the same network driver calls as virsh net-list,
/// net-info, net-dumpxml, net-start, net-destroy, net-autostart, net-define and net-undefine.
/// </summary>
public static class NetworkEndpoints
{
    private const string Network = "/api/v1/networks/{name}";

    /// <summary>The actions of POST /api/v1/networks/{name}/{action}.</summary>
    public static readonly IReadOnlyList<string> Actions = ["start", "destroy"];

    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        app.MapGet("/api/v1/networks", ctx => ApiContext.WriteJsonAsync(ctx, 200, api.Networks.List(), WebJson.Api.IReadOnlyListNetworkView));
        app.MapPost("/api/v1/networks", ctx => Define(ctx, api));
        app.MapGet(Network, ctx => ApiContext.WriteJsonAsync(ctx, 200, api.Networks.Get(ApiContext.RouteName(ctx)), WebJson.Api.NetworkView));
        app.MapDelete(Network, ctx => Undefine(ctx, api));
        app.MapGet(Network + "/xml", ctx =>
        {
            var n = api.Networks.Driver.LookupByName(ApiContext.RouteName(ctx));
            return ApiContext.WriteXmlAsync(ctx, api.Networks.Driver.Xml(n, ApiContext.InactiveXmlAsked(ctx)));
        });
        app.MapPut(Network + "/autostart", ctx => Autostart(ctx, api));
        app.MapPost(Network + "/{action}", ctx => Act(ctx, api));
    }

    private static async Task Define(HttpContext ctx, ApiContext api)
    {
        var networks = api.Networks;
        var body = await ApiContext.ReadBodyAsync(ctx, api.Options.MaxXmlBytes, "network XML").ConfigureAwait(false);
        if (body is null) return;
        var n = await networks.Driver.DefineAsync(Encoding.UTF8.GetString(body), api.Stopping).ConfigureAwait(false);
        ctx.Response.Headers.Location = $"/api/v1/networks/{Uri.EscapeDataString(n.Name)}";
        await ApiContext.WriteJsonAsync(ctx, 201, networks.Build(n), WebJson.Api.NetworkView).ConfigureAwait(false);
    }

    private static async Task Undefine(HttpContext ctx, ApiContext api)
    {
        var n = api.Networks.Driver.LookupByName(ApiContext.RouteName(ctx));
        await api.Networks.Driver.UndefineAsync(n, api.Stopping).ConfigureAwait(false);
        ctx.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task Act(HttpContext ctx, ApiContext api)
    {
        var networks = api.Networks;
        var action = (string)ctx.GetRouteValue("action")!;
        if (!Actions.Contains(action)) throw WebErrors.UnknownResourceAction(action, "network", Actions);
        var n = networks.Driver.LookupByName(ApiContext.RouteName(ctx));
        if (action == "start") await networks.Driver.StartAsync(n, api.Stopping).ConfigureAwait(false);
        else await networks.Driver.DestroyAsync(n, api.Stopping).ConfigureAwait(false);
        // A transient network is gone once destroyed: it is answered as it last was, inactive.
        await ApiContext.WriteJsonAsync(ctx, 200, networks.After(n), WebJson.Api.NetworkView).ConfigureAwait(false);
    }

    private static async Task Autostart(HttpContext ctx, ApiContext api)
    {
        var networks = api.Networks;
        var n = networks.Driver.LookupByName(ApiContext.RouteName(ctx));
        if (await api.ReadAutostartAsync(ctx).ConfigureAwait(false) is not { } on) return;
        await networks.Driver.SetAutostartAsync(n, on, api.Stopping).ConfigureAwait(false);
        await ApiContext.WriteJsonAsync(ctx, 200, networks.Build(n), WebJson.Api.NetworkView).ConfigureAwait(false);
    }
}
