using System.Net.Sockets;
using Vireo.Snmp.AgentX;

namespace Vireo.Snmp.Session;

/// <summary>
/// One stream to a master, carrying back-to-back PDUs (RFC 2741 §8): reads exactly a header and then
/// exactly its payload, whatever the socket's chunking; writes whole PDUs under a lock, because
/// Responses, Notifies and Pings come from different tasks.
/// </summary>
public sealed class AgentXConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public AgentXConnection(Stream stream) => _stream = stream;

    public static async Task<AgentXConnection> ConnectAsync(AgentXEndpoint endpoint, CancellationToken ct)
    {
        var socket = await endpoint.ConnectAsync(ct).ConfigureAwait(false);
        return new AgentXConnection(new NetworkStream(socket, ownsSocket: true));
    }

    /// <summary>
    /// The next frame, decoded. Null at a clean end of stream. A result whose Header is null means the
    /// header itself was unusable: the stream can no longer be followed and must be closed.
    /// </summary>
    public async Task<DecodeResult?> ReadAsync(CancellationToken ct)
    {
        var header = new byte[PduCodec.HeaderLength];
        int got = await _stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        if (got == 0) return null;
        if (got < header.Length) throw new EndOfStreamException($"The master closed the connection inside a PDU header ({got} of 20 bytes).");
        if (!PduCodec.TryReadHeader(header, out var h, out var error))
            return new DecodeResult(null, error, null);
        var frame = new byte[PduCodec.HeaderLength + h.PayloadLength];
        header.CopyTo(frame, 0);
        await _stream.ReadExactlyAsync(frame.AsMemory(PduCodec.HeaderLength), ct).ConfigureAwait(false);
        return PduCodec.Decode(frame);
    }

    public async Task SendAsync(Pdu pdu, CancellationToken ct)
    {
        var bytes = PduCodec.Encode(pdu);
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, ct).ConfigureAwait(false);
            await _stream.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
    }
}
