using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vireo.Drivers.Storage;

namespace Vireo.Web.Api;

/// <summary>
/// The REST routes of docs/web.md for storage pools and their volumes: the same storage driver calls as virsh
/// pool-list, pool-info, pool-dumpxml, pool-start, pool-destroy, pool-refresh, pool-autostart and vol-list --details.
/// </summary>
public static class PoolEndpoints
{
    private const string Pool = "/api/v1/pools/{name}";

    /// <summary>The actions of POST /api/v1/pools/{name}/{action}.</summary>
    public static readonly IReadOnlyList<string> Actions = ["start", "destroy", "refresh"];

    public static void Map(IEndpointRouteBuilder app, ApiContext api)
    {
        app.MapGet("/api/v1/pools", ctx => ApiContext.WriteJsonAsync(ctx, 200, api.Pools.List(), WebJson.Api.IReadOnlyListPoolView));
        app.MapGet(Pool, ctx => ApiContext.WriteJsonAsync(ctx, 200, api.Pools.Get(ApiContext.RouteName(ctx)), WebJson.Api.PoolView));
        app.MapGet(Pool + "/xml", ctx =>
        {
            var p = api.Pools.Driver.LookupPoolByName(ApiContext.RouteName(ctx));
            return ApiContext.WriteXmlAsync(ctx, api.Pools.Driver.PoolXml(p, ApiContext.InactiveXmlAsked(ctx)));
        });
        app.MapGet(Pool + "/volumes", async ctx =>
        {
            var volumes = await api.Pools.VolumesAsync(ApiContext.RouteName(ctx), ctx.RequestAborted).ConfigureAwait(false);
            await ApiContext.WriteJsonAsync(ctx, 200, volumes, WebJson.Api.IReadOnlyListVolumeView).ConfigureAwait(false);
        });
        app.MapPut(Pool + "/autostart", ctx => Autostart(ctx, api));
        app.MapPost(Pool + "/{action}", ctx => Act(ctx, api));
    }

    private static async Task Act(HttpContext ctx, ApiContext api)
    {
        var pools = api.Pools;
        var action = (string)ctx.GetRouteValue("action")!;
        if (!Actions.Contains(action)) throw WebErrors.UnknownResourceAction(action, "pool", Actions);
        var p = pools.Driver.LookupPoolByName(ApiContext.RouteName(ctx));
        var call = action switch
        {
            "start" => pools.Driver.StartPoolAsync(p, StoragePoolCreateFlags.None, api.Stopping),
            "destroy" => pools.Driver.DestroyPoolAsync(p, api.Stopping),
            _ => pools.Driver.RefreshPoolAsync(p, api.Stopping),
        };
        await call.ConfigureAwait(false);
        // A transient pool is gone once destroyed: it is answered as it last was, inactive.
        await ApiContext.WriteJsonAsync(ctx, 200, pools.After(p), WebJson.Api.PoolView).ConfigureAwait(false);
    }

    private static async Task Autostart(HttpContext ctx, ApiContext api)
    {
        var pools = api.Pools;
        var p = pools.Driver.LookupPoolByName(ApiContext.RouteName(ctx));
        if (await api.ReadAutostartAsync(ctx).ConfigureAwait(false) is not { } on) return;
        await pools.Driver.SetPoolAutostartAsync(p, on, api.Stopping).ConfigureAwait(false);
        await ApiContext.WriteJsonAsync(ctx, 200, pools.Build(p), WebJson.Api.PoolView).ConfigureAwait(false);
    }
}
