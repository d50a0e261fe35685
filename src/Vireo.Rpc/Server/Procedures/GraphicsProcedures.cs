using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

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
            c.CheckFlags(a.Flags, 0, "virDomainScreenshot");
            var shot = await c.Feature<IDomainGraphics>("virDomainScreenshot").ScreenshotAsync(a.Dom.Uuid, a.Value, c.Cancellation).ConfigureAwait(false);
            c.Connection.AttachConsoleStream(c.Header, DownloadStreamSession.Of(shot.Image, "the screenshot stream"));
            return new OptionalStringValue(shot.MimeType);
        }, ProcedureOptions.Write("virDomainScreenshot") with { OpensStream = true });
    }
}
