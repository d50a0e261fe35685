using Vireo.Drivers.Contracts;
using Vireo.Drivers.Storage;

namespace Vireo.Rpc.Server.Procedures;

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
