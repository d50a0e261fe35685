using System.Threading.Channels;
using Vireo.Core.Errors;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Client;

/// <summary>
/// The client side of a stream (console): data in both directions as STREAM packets on the serial of the
/// call that opened it; Finish/Abort end it the way virsh and python-libvirt do.
/// </summary>
public sealed class RpcClientStream
{
    private readonly RpcClientConnection _conn;
    private readonly MessageHeader _header;
    private readonly Channel<byte[]> _incoming = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? _current;
    private int _offset;

    internal RpcClientStream(RpcClientConnection conn, MessageHeader callHeader)
    {
        _conn = conn;
        _header = callHeader with { Type = MessageType.Stream, Status = MessageStatus.Continue };
    }

    internal uint Serial => _header.Serial;

    /// <summary>True once the server signalled the end of its data (empty CONTINUE).</summary>
    public bool EndOfStream { get; private set; }

    /// <summary>Reads received bytes; 0 means the server ended the stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (_current is null || _offset >= _current.Length)
        {
            if (!await _incoming.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                if (_closed.Task is { IsFaulted: true } failed) await failed.ConfigureAwait(false);
                return 0;
            }
            if (_incoming.Reader.TryRead(out var next))
            {
                _current = next;
                _offset = 0;
            }
        }
        var n = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        for (var off = 0; off < data.Length; off += XdrLimits.StreamPacketMax)
        {
            var n = Math.Min(XdrLimits.StreamPacketMax, data.Length - off);
            await _conn.SendAsync(MessageBuilder.Raw(_header, data.Span.Slice(off, n)), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the stream normally (virsh's Ctrl-]): STREAM/OK, then waits for the server's STREAM/OK.</summary>
    public Task FinishAsync(CancellationToken ct = default) => CloseAsync(MessageStatus.Ok, ct);

    /// <summary>Aborts the stream (python's stream.abort()): STREAM/ERROR, then waits for the server's STREAM/OK.</summary>
    public Task AbortAsync(CancellationToken ct = default) => CloseAsync(MessageStatus.Error, ct);

    private async Task CloseAsync(MessageStatus status, CancellationToken ct)
    {
        if (_closed.Task.IsCompleted) return;
        await _conn.SendAsync(MessageBuilder.Empty(_header with { Status = status }), ct).ConfigureAwait(false);
        try { await _closed.Task.WaitAsync(ct).ConfigureAwait(false); }
        finally { _conn.ForgetStream(this); }
    }

    /// <summary>A packet from the server for this stream (called on the read loop).</summary>
    internal void OnPacket(MessageStatus status, ReadOnlySpan<byte> payload)
    {
        switch (status)
        {
            case MessageStatus.Continue when payload.IsEmpty:
                EndOfStream = true;
                _incoming.Writer.TryComplete();
                break;
            case MessageStatus.Continue:
                _incoming.Writer.TryWrite(payload.ToArray());
                break;
            case MessageStatus.Ok:
                _incoming.Writer.TryComplete();
                _closed.TrySetResult();
                break;
            default:
                var r = new XdrReader(payload);
                Exception error;
                try { error = RemoteError.Decode(ref r).ToException(); }
                catch (XdrException e) { error = e; }
                _incoming.Writer.TryComplete();
                _closed.TrySetException(error);
                _conn.ForgetStream(this);
                break;
        }
    }

    internal void OnConnectionClosed()
    {
        _incoming.Writer.TryComplete();
        _closed.TrySetException(new VirException(VirErrorCode.SystemError, VirErrorDomain.Rpc, "the connection closed while the stream was open"));
    }
}
