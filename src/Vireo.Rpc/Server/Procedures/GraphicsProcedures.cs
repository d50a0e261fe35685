using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// DOMAIN_SCREENSHOT: the reply carries the MIME type, then the image follows as a stream on the call's
/// serial, the way libvirtd sends a download: data packets, an empty packet at the end, and the client
/// finishes the stream. It rides on the console stream machinery (an image is a console that only talks).
/// </summary>
public static class GraphicsProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.Register(RemoteProcedure.DomainScreenshot, static async (CallContext c, DomainUIntFlagsArgs a) =>
        {
            DebugProcedures.NoFlags(a.Flags, "virDomainScreenshot");
            var shot = await c.Feature<IDomainGraphics>("virDomainScreenshot").ScreenshotAsync(a.Dom.Uuid, a.Value, c.Cancellation).ConfigureAwait(false);
            c.Connection.AttachConsoleStream(c.Header, new DownloadSession(shot.Image));
            return new OptionalStringValue(shot.MimeType);
        }, ProcedureOptions.Write("virDomainScreenshot") with { OpensStream = true });
    }

    /// <summary>A read-only stream over a file: chunks of at most one stream packet, then the end.</summary>
    private sealed class DownloadSession(Stream source) : IConsoleSession
    {
        private readonly byte[] _buffer = new byte[XdrLimits.StreamPacketMax];

        public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct)
        {
            int n = await source.ReadAsync(_buffer, ct).ConfigureAwait(false);
            return n == 0 ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, n).ToArray();
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct) =>
            throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Streams, "the screenshot stream only sends; it takes no data");

        public ValueTask DisposeAsync() => source.DisposeAsync();
    }
}
