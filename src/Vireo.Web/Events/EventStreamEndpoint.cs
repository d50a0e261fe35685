using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Vireo.Web.Api;

namespace Vireo.Web.Events;

/// <summary>
/// GET /api/v1/events: the server-sent event stream. Each frame is flushed as it comes; a keepalive comment
/// goes out when nothing else did for a while. The stream ends when the client goes away or the server stops.
/// </summary>
public static class EventStreamEndpoint
{
    public static void Map(IEndpointRouteBuilder app, ApiContext api, EventHub hub) =>
        app.MapGet("/api/v1/events", ctx => StreamAsync(ctx, api, hub));

    private static async Task StreamAsync(HttpContext ctx, ApiContext api, EventHub hub)
    {
        var only = ctx.Request.Query["driver"].ToString();
        if (only.Length > 0) api.Driver(only);
        using var listener = hub.Listen(only.Length > 0 ? only : null);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, api.Stopping);
        var ct = cts.Token;

        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "text/event-stream; charset=utf-8";
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.Headers["X-Accel-Buffering"] = "no"; // nginx: do not hold frames back
        try
        {
            await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false); // the headers now: EventSource reports "open"
            var frames = listener.Frames;
            while (true)
            {
                string text;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    idle.CancelAfter(api.Options.KeepaliveInterval);
                    try
                    {
                        if (!await frames.WaitToReadAsync(idle.Token).ConfigureAwait(false)) return; // the server stops
                        text = frames.TryRead(out var frame) ? frame : "";
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        text = EventFrames.Keepalive;
                    }
                }
                if (text.Length == 0) continue;
                await ctx.Response.Body.WriteAsync(EventFrames.Utf8(text), ct).ConfigureAwait(false);
                await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away or the server stops: nothing to answer.
        }
        catch (IOException)
        {
            // The connection broke while writing.
        }
    }
}
