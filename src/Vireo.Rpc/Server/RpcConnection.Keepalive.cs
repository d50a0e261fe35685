using Vireo.Rpc.Framing;

namespace Vireo.Rpc.Server;

public sealed partial class RpcConnection
{
    private long _lastTraffic = Environment.TickCount64;
    private int _unansweredPings;
    private int _keepaliveStarted;

    private void NoteTraffic()
    {
        // Any message from the client proves it alive (virkeepalive.c resets on every message).
        _lastTraffic = Environment.TickCount64;
        if (_unansweredPings != 0) _unansweredPings = 0;
    }

    private void HandleKeepalive(MessageHeader h)
    {
        if (h.Version != Programs.KeepaliveVersion || h.Type != MessageType.Message) return;
        if (h.Procedure == Programs.KeepalivePing)
            Send(MessageBuilder.Empty(KeepaliveHeader(Programs.KeepalivePong)));
        // A PONG needs nothing more: NoteTraffic already reset the count.
    }

    internal static MessageHeader KeepaliveHeader(int proc) =>
        new(Programs.Keepalive, Programs.KeepaliveVersion, proc, MessageType.Message, 0, MessageStatus.Ok);

    /// <summary>
    /// Starts pinging this client when idle. libvirtd does so only for clients that asked
    /// CONNECT_SUPPORTS_FEATURE(PROGRAM_KEEPALIVE), i.e. clients that can answer.
    /// </summary>
    internal void EnableKeepalive()
    {
        if (Interlocked.Exchange(ref _keepaliveStarted, 1) != 0) return;
        _ = KeepaliveLoopAsync();
    }

    private async Task KeepaliveLoopAsync()
    {
        var interval = _server.Options.KeepaliveInterval;
        var intervalMs = (long)interval.TotalMilliseconds;
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var idle = Environment.TickCount64 - Volatile.Read(ref _lastTraffic);
                var wait = idle >= intervalMs ? intervalMs : intervalMs - idle;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, wait)), _closing.Token).ConfigureAwait(false);
                if (Environment.TickCount64 - Volatile.Read(ref _lastTraffic) < intervalMs) continue;
                if (_unansweredPings >= _server.Options.KeepaliveCount)
                {
                    Abort("connection closed due to keepalive timeout");
                    return;
                }
                _unansweredPings++;
                Send(MessageBuilder.Empty(KeepaliveHeader(Programs.KeepalivePing)));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
