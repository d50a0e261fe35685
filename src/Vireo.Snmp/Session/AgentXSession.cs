using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Vireo.Snmp.AgentX;

namespace Vireo.Snmp.Session;

/// <summary>
/// One AgentX session over one connection (RFC 2741 §7.1): a reader loop that dispatches the master's
/// requests in arrival order and matches Responses to our own requests by packetID, so that master
/// requests arriving while we wait for, say, a Notify's Response are still served.
/// </summary>
public sealed class AgentXSession : IAsyncDisposable
{
    private readonly AgentXConnection _conn;
    private readonly RequestHandler _handler;
    private readonly Func<uint> _sysUpTime;
    private readonly TimeSpan _requestTimeout;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<ResponsePdu>> _pending = new();
    private readonly CancellationTokenSource _life = new();
    private int _nextPacketId;

    public AgentXSession(AgentXConnection conn, RequestHandler handler, Func<uint> sysUpTime, TimeSpan requestTimeout, ILogger log)
    {
        _conn = conn;
        _handler = handler;
        _sysUpTime = sysUpTime;
        _requestTimeout = requestTimeout;
        _log = log;
    }

    /// <summary>The h.sessionID the master assigned in its Response to our Open (0 before).</summary>
    public uint SessionId { get; private set; }

    /// <summary>True once the master sent Close: no Close of ours is due then.</summary>
    public bool ClosedByMaster { get; private set; }

    /// <summary>
    /// Reads and dispatches until the stream ends, the master closes, or ct is cancelled. Ends normally
    /// on a clean end; throws on I/O failure or an unreadable header (after telling the master).
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _life.Token);
        var token = linked.Token;
        try
        {
            while (true)
            {
                var frame = await _conn.ReadAsync(token).ConfigureAwait(false);
                if (frame is null)
                {
                    _log.LogInformation("The AgentX master closed the connection.");
                    return;
                }
                if (frame.Header is null)
                {
                    // The header cannot be trusted, so neither can the rest of the stream.
                    await TrySendAsync(new ClosePdu(new PduHeader(SessionId, 0, 0), CloseReason.ParseError), token).ConfigureAwait(false);
                    throw new InvalidDataException($"The AgentX master sent an unreadable PDU: {frame.Error!.Message}");
                }
                if (frame.Pdu is null)
                {
                    await OnMalformedAsync(frame.Header.Value, frame.Error!, token).ConfigureAwait(false);
                    continue;
                }
                if (!await DispatchAsync(frame.Pdu, token).ConfigureAwait(false)) return;
            }
        }
        finally
        {
            foreach (var (_, tcs) in _pending)
                tcs.TrySetException(new IOException("The AgentX session ended before the master answered."));
        }
    }

    private async Task OnMalformedAsync(FrameHeader h, DecodeError error, CancellationToken ct)
    {
        _log.LogWarning("The AgentX master sent a malformed {Type} PDU: {Message}", (PduType)h.RawType, error.Message);
        if (h.RawType == (byte)PduType.Response)
        {
            if (_pending.TryRemove(h.PacketId, out var tcs))
                tcs.TrySetException(new InvalidDataException($"The master's Response was malformed: {error.Message}"));
            return;
        }
        // §7.2.2: a request we cannot parse is answered with parseError; the session goes on.
        var reply = new ResponsePdu(new PduHeader(h.SessionId, h.TransactionId, h.PacketId), _sysUpTime(), AgentXError.ParseError, 0, []);
        await _conn.SendAsync(reply, ct).ConfigureAwait(false);
    }

    /// <returns>False when the session is over (the master closed it).</returns>
    private async Task<bool> DispatchAsync(Pdu pdu, CancellationToken ct)
    {
        switch (pdu)
        {
            case ResponsePdu response:
                if (_pending.TryRemove(response.Header.PacketId, out var tcs)) tcs.TrySetResult(response);
                else _log.LogDebug("Ignoring a Response to packet {PacketId}, which we are not waiting for.", response.Header.PacketId);
                return true;
            case ClosePdu close:
                _log.LogInformation("The AgentX master closed session {Session} (reason {Reason}).", SessionId, close.Reason);
                ClosedByMaster = true;
                await TrySendAsync(ResponsePdu.To(close, _sysUpTime()), ct).ConfigureAwait(false);
                return false;
            default:
                if (RequestHandler.IsSlow(pdu))
                    _ = AnswerAsync(pdu, ct); // bounded by the handler; the reader keeps serving Gets meanwhile
                else
                    await AnswerAsync(pdu, ct).ConfigureAwait(false);
                return true;
        }
    }

    private async Task AnswerAsync(Pdu request, CancellationToken ct)
    {
        try
        {
            var reply = await _handler.HandleAsync(request, ct).ConfigureAwait(false);
            if (reply is not null) await _conn.SendAsync(reply, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _log.LogDebug(e, "Could not answer a {Type} request: the connection is gone.", request.Type);
        }
    }

    private async Task TrySendAsync(Pdu pdu, CancellationToken ct)
    {
        try { await _conn.SendAsync(pdu, ct).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException) { }
    }

    /// <summary>Sends a request of ours and awaits the master's Response (RequestTimeout at most).</summary>
    public async Task<ResponsePdu> RequestAsync(Func<PduHeader, Pdu> build, CancellationToken ct)
    {
        uint packetId = (uint)Interlocked.Increment(ref _nextPacketId);
        var tcs = new TaskCompletionSource<ResponsePdu>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[packetId] = tcs;
        var pdu = build(new PduHeader(SessionId, 0, packetId));
        try
        {
            await _conn.SendAsync(pdu, ct).ConfigureAwait(false);
            return await tcs.Task.WaitAsync(_requestTimeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The AgentX master did not answer our {pdu.Type} within {_requestTimeout.TotalSeconds:0.#} s.");
        }
        finally
        {
            _pending.TryRemove(packetId, out _);
        }
    }

    /// <summary>Open (§6.2.1); the session ID comes from the Response's header.</summary>
    public async Task OpenAsync(byte timeoutSeconds, Oid id, string description, CancellationToken ct)
    {
        var r = await RequestAsync(h => new OpenPdu(h, timeoutSeconds, id, System.Text.Encoding.UTF8.GetBytes(description)), ct).ConfigureAwait(false);
        if (r.Error != AgentXError.NoError)
            throw new AgentXRefusedException($"The AgentX master refused our Open: {r.Error}.", r.Error);
        SessionId = r.Header.SessionId;
    }

    public async Task RegisterAsync(Oid subtree, byte priority, CancellationToken ct)
    {
        var r = await RequestAsync(h => new RegisterPdu(h, 0, priority, 0, subtree), ct).ConfigureAwait(false);
        if (r.Error != AgentXError.NoError)
            throw new AgentXRefusedException($"The AgentX master refused to register {subtree}: {r.Error}.", r.Error);
    }

    public Task<ResponsePdu> NotifyAsync(IReadOnlyList<VarBind> varBinds, CancellationToken ct) =>
        RequestAsync(h => new NotifyPdu(h, varBinds), ct);

    public async Task PingAsync(CancellationToken ct)
    {
        var r = await RequestAsync(h => new PingPdu(h), ct).ConfigureAwait(false);
        if (r.Error != AgentXError.NoError)
            throw new AgentXRefusedException($"The AgentX master answered our Ping with {r.Error}; the session is gone.", r.Error);
    }

    /// <summary>Close (§6.2.2), best effort: the master may already be gone.</summary>
    public async Task CloseAsync(CloseReason reason, CancellationToken ct)
    {
        if (ClosedByMaster) return;
        try
        {
            await RequestAsync(h => new ClosePdu(h, reason), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or TimeoutException or ObjectDisposedException or InvalidDataException)
        {
            _log.LogDebug(e, "The AgentX master did not acknowledge our Close.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _life.CancelAsync().ConfigureAwait(false);
        await _conn.DisposeAsync().ConfigureAwait(false);
        _life.Dispose();
    }
}

/// <summary>The master answered an administrative request of ours with an error.</summary>
public sealed class AgentXRefusedException(string message, AgentXError error) : Exception(message)
{
    public AgentXError Error { get; } = error;
}
