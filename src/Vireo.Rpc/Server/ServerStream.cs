using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Server;

/// <summary>
/// A console stream of one connection, named by the serial and procedure of the call that opened it.
/// Output: guest bytes as STREAM/CONTINUE packets (at most 262120 bytes each); the guest's end as an empty
/// STREAM/CONTINUE; a failure as STREAM/ERROR with a remote_error. Input: client packets are queued and
/// written to the console in order by one task, so a slow console never stalls the connection's reads.
/// </summary>
internal sealed class ServerStream
{
    private readonly RpcConnection _conn;
    private readonly IConsoleSession _session;
    private readonly MessageHeader _header;
    private readonly Channel<byte[]> _input;
    private readonly CancellationTokenSource _stop;
    private readonly ILogger _log;
    private Task _inputPump = Task.CompletedTask;
    private int _ended;
    /// <summary>A write that failed after the client had already sent its finish: the finish is answered with it.</summary>
    private VirException? _finishError;

    public ServerStream(RpcConnection conn, MessageHeader callHeader, IConsoleSession session, int maxQueued, ILogger log)
    {
        _conn = conn;
        _session = session;
        _log = log;
        _header = callHeader with { Type = MessageType.Stream, Status = MessageStatus.Continue };
        _input = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(maxQueued) { SingleReader = true, SingleWriter = true });
        _stop = CancellationTokenSource.CreateLinkedTokenSource(conn.Closing);
    }

    public uint Serial => _header.Serial;
    public int Procedure => _header.Procedure;

    public void Start()
    {
        _inputPump = PumpInputAsync();
        _ = PumpOutputAsync();
    }

    /// <summary>Keystrokes from the client.</summary>
    public void OnClientData(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || _ended != 0) return;
        if (!_input.Writer.TryWrite(data.ToArray()))
            Fail(new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Streams, "too much stream data queued for the console"));
    }

    /// <summary>Client finish (STREAM/OK) or abort (STREAM/ERROR): both are confirmed with an empty STREAM/OK.</summary>
    public async Task CloseByClientAsync(bool abort)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0) return;
        _input.Writer.TryComplete();
        if (!abort)
        {
            try { await _inputPump.ConfigureAwait(false); }
            catch (Exception e) { _log.LogDebug(e, "console input ended with an error"); }
        }
        await StopAsync().ConfigureAwait(false);
        // A write queued before the finish that then failed (an upload past its length, a full disk) answers
        // the finish with STREAM/ERROR, as libvirtd does, instead of confirming data that was not written.
        if (!abort && _finishError is { } failed)
            _conn.SendError(_header with { Type = MessageType.Stream }, RemoteError.From(failed), keepType: true);
        else
            _conn.Send(MessageBuilder.Empty(_header with { Status = MessageStatus.Ok }));
    }

    /// <summary>Connection closing: just let go of the console.</summary>
    public async Task DisposeAsync()
    {
        Interlocked.Exchange(ref _ended, 1);
        _input.Writer.TryComplete();
        await StopAsync().ConfigureAwait(false);
    }

    private async Task StopAsync()
    {
        _stop.Cancel();
        try { await _session.DisposeAsync().ConfigureAwait(false); }
        catch (Exception e) { _log.LogDebug(e, "closing a console session failed"); }
        _conn.RemoveStream(this);
    }

    private async Task PumpOutputAsync()
    {
        try
        {
            while (true)
            {
                var data = await _session.ReadAsync(_stop.Token).ConfigureAwait(false);
                if (data.IsEmpty)
                {
                    // The guest's end of the console: an empty CONTINUE; the client then finishes the stream.
                    _conn.Send(MessageBuilder.Empty(_header));
                    return;
                }
                for (var off = 0; off < data.Length; off += XdrLimits.StreamPacketMax)
                {
                    var chunk = data.Span.Slice(off, Math.Min(XdrLimits.StreamPacketMax, data.Length - off));
                    if (!_conn.Send(MessageBuilder.Raw(_header, chunk))) return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Fail(e as VirException ?? new VirException(VirErrorCode.InternalError, VirErrorDomain.Streams, e.Message));
        }
    }

    private async Task PumpInputAsync()
    {
        try
        {
            await foreach (var chunk in _input.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                await _session.WriteAsync(chunk, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            var error = e as VirException ?? new VirException(VirErrorCode.InternalError, VirErrorDomain.Streams, e.Message);
            // Recorded before Fail decides: if the client's finish has already claimed the stream (Fail then sends
            // nothing), CloseByClientAsync awaits this pump and answers the finish with the error. Checking
            // _ended first and failing after was a race: a finish landing in between was confirmed with OK.
            _finishError = error;
            Fail(error);
        }
    }

    /// <summary>A server-side failure: STREAM/ERROR with the error, and the stream is gone.</summary>
    private void Fail(VirException error)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0) return;
        _input.Writer.TryComplete();
        _conn.SendError(_header with { Type = MessageType.Stream }, RemoteError.From(error), keepType: true);
        _ = StopAsync();
    }
}
