using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Storage;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// A stream that only sends, over the console stream machinery, the way libvirtd sends a download: the
/// source's bytes as STREAM/CONTINUE packets of at most one stream packet each, an empty one at the end, then
/// the client finishes the stream. Data from the client is refused with a sentence naming the stream.
/// Used by vol-download (a <see cref="VolumeTransfer"/>) and the domain screenshot (an image <see cref="Stream"/>).
/// </summary>
internal sealed class DownloadStreamSession : IConsoleSession
{
    private readonly Func<Memory<byte>, CancellationToken, ValueTask<int>> _read;
    private readonly Func<ValueTask> _dispose;
    private readonly string _refusal;
    private readonly byte[] _buffer = new byte[XdrLimits.StreamPacketMax];

    /// <param name="streamName">The stream as the refusal names it ("the screenshot stream").</param>
    private DownloadStreamSession(Func<Memory<byte>, CancellationToken, ValueTask<int>> read, Func<ValueTask> dispose, string streamName)
    {
        _read = read;
        _dispose = dispose;
        _refusal = streamName + " only sends; it takes no data";
    }

    public static DownloadStreamSession Of(VolumeTransfer transfer, string streamName) => new(transfer.ReadAsync, transfer.DisposeAsync, streamName);

    public static DownloadStreamSession Of(Stream source, string streamName) => new(source.ReadAsync, source.DisposeAsync, streamName);

    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct)
    {
        int n = await _read(_buffer, ct).ConfigureAwait(false);
        return n == 0 ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, n).ToArray();
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct) =>
        throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Streams, _refusal);

    public ValueTask DisposeAsync() => _dispose();
}
