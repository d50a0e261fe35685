using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Vireo.Drivers.Contracts;
using Vireo.Web.Api;

namespace Vireo.Web.Console;

/// <summary>
/// GET /api/v1/domains/{driver}/{name}/console: the serial console over a WebSocket. The guest's output since
/// power-on, then live output, go out as binary messages; what the client sends is typed into the console.
/// When the guest stops the socket is closed with 1000 and a sentence; closing the socket only detaches.
/// </summary>
public static class ConsoleEndpoint
{
    public static void Map(IEndpointRouteBuilder app, ApiContext api, ILogger log) =>
        app.MapGet("/api/v1/domains/{driver}/{name}/console", ctx => ServeAsync(ctx, api, log));

    /// <summary>WebSocket close reasons are at most 123 bytes of UTF-8: a long name is shortened to fit.</summary>
    public static string EndedReason(string name)
    {
        static string Text(string n) => $"The console of domain '{n}' ended because the domain stopped.";
        var text = Text(name);
        while (Encoding.UTF8.GetByteCount(text) > 123 && name.Length > 1)
        {
            name = name[..^1];
            text = Text(name.TrimEnd() + "…");
        }
        return text;
    }

    /// <summary>
    /// Whether a browser's Origin header names this server: a page elsewhere must not drive the console with
    /// the user's cookie. No Origin (programs, not browsers) is allowed: they must send the token anyway.
    /// </summary>
    public static bool SameOrigin(string? origin, string host)
    {
        if (string.IsNullOrEmpty(origin)) return true;
        return Uri.TryCreate(origin, UriKind.Absolute, out var o) &&
            (o.Scheme is "http" or "https") &&
            string.Equals(o.IsDefaultPort ? o.Host : o.Authority, host, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task ServeAsync(HttpContext ctx, ApiContext api, ILogger log)
    {
        var origin = ctx.Request.Headers.Origin.ToString();
        if (!SameOrigin(origin, ctx.Request.Host.Value ?? ""))
        {
            await ApiContext.WriteErrorAsync(ctx, WebErrors.CrossOrigin(origin)).ConfigureAwait(false);
            return;
        }
        var driverName = (string)ctx.GetRouteValue("driver")!;
        var driver = api.Driver(driverName);
        var d = driver.Domains.LookupByName((string)ctx.GetRouteValue("name")!);
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            await ApiContext.WriteErrorAsync(ctx, new Core.Errors.VirException(Core.Errors.VirErrorCode.InvalidArg, Core.Errors.VirErrorDomain.None,
                "the console is a WebSocket: connect with a WebSocket client (Upgrade: websocket)")).ConfigureAwait(false);
            return;
        }
        // Attach before accepting, so a refusal (not running, no console) is an ordinary JSON error.
        await using var session = await driver.Consoles.OpenAsync(d.Uuid, null, replayHistory: true, ctx.RequestAborted).ConfigureAwait(false);
        using var socket = await ctx.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        // Two tokens: cancelling a WebSocket receive aborts the socket, so the receiving side is only cancelled
        // after our close went out (or when the client is gone); the output side stops with the server.
        using var output = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, api.Stopping);
        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        var input = TypeAsync(socket, session, receiving.Token, output, d.Name, log);
        var close = await ForwardOutputAsync(socket, session, output.Token, d.Name, log).ConfigureAwait(false);
        try
        {
            if (close is { } c && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(c.Status, c.Reason, CancellationToken.None).ConfigureAwait(false);
            else if (socket.State == WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
            else if (api.Stopping.IsCancellationRequested && socket.State == WebSocketState.Open)
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "vireod is stopping.", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
        }
        // The client answers our close; one that never does is not waited for long.
        receiving.CancelAfter(TimeSpan.FromSeconds(5));
        await input.ConfigureAwait(false);
    }

    /// <summary>
    /// Guest output to the client until the console ends (the close to send: 1000 and the documented reason, or
    /// 1011 and the driver's error) or the client or server goes (null).
    /// </summary>
    private static async Task<(WebSocketCloseStatus Status, string Reason)?> ForwardOutputAsync(
        WebSocket socket, IConsoleSession session, CancellationToken ct, string name, ILogger log)
    {
        try
        {
            while (true)
            {
                var chunk = await session.ReadAsync(ct).ConfigureAwait(false);
                if (chunk.IsEmpty) return (WebSocketCloseStatus.NormalClosure, EndedReason(name));
                await socket.SendAsync(chunk, WebSocketMessageType.Binary, endOfMessage: true, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
            return null;
        }
        catch (Core.Errors.VirException e)
        {
            log.LogWarning("The web console of {Name} failed: {Message}", name, e.Message);
            return (WebSocketCloseStatus.InternalServerError, Fit(e.Message));
        }
    }

    /// <summary>A close reason cut to the 123 bytes a close frame holds.</summary>
    private static string Fit(string text)
    {
        while (Encoding.UTF8.GetByteCount(text) > 123) text = text[..^2] + "…";
        return text;
    }

    /// <summary>
    /// Client messages, text or binary, typed into the console until the client closes or goes; then the
    /// output side is stopped too, so the session is let go (the guest never notices).
    /// </summary>
    private static async Task TypeAsync(WebSocket socket, IConsoleSession session, CancellationToken ct, CancellationTokenSource output, string name, ILogger log)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var r = await socket.ReceiveAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close) break;
                if (r.Count > 0) await session.WriteAsync(buffer.AsMemory(0, r.Count), ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
        }
        catch (Core.Errors.VirException e)
        {
            log.LogDebug("Typing into the console of {Name} failed: {Message}", name, e.Message);
        }
        await output.CancelAsync().ConfigureAwait(false);
    }
}
