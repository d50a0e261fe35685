using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Storage;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// vol-download over the console stream machinery: the file's bytes as STREAM/CONTINUE packets, an empty one
/// at the end, then the client finishes the stream (libvirtd's download).
/// </summary>
internal sealed class VolumeDownloadSession(VolumeTransfer transfer) : IConsoleSession
{
    private readonly byte[] _buffer = new byte[XdrLimits.StreamPacketMax];

    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct)
    {
        int n = await transfer.ReadAsync(_buffer, ct).ConfigureAwait(false);
        return n == 0 ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, n).ToArray();
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct) =>
        throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Streams, "a volume download stream only sends; it takes no data");

    public ValueTask DisposeAsync() => transfer.DisposeAsync();
}

/// <summary>
/// vol-upload: the client's STREAM/CONTINUE packets are written in order; its finish (STREAM/OK) is confirmed
/// once every byte is written and flushed. The server sends nothing meanwhile.
/// </summary>
internal sealed class VolumeUploadSession(VolumeTransfer transfer) : IConsoleSession
{
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct)
    {
        // Nothing flows to the client on an upload: wait until the stream is closed (cancellation ends the pump).
        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        return ReadOnlyMemory<byte>.Empty;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct) => transfer.WriteAsync(data, ct);

    public ValueTask DisposeAsync() => transfer.DisposeAsync();
}
