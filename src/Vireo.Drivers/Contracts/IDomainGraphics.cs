using Vireo.Core.Domain;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// A running domain's displays: a picture of a screen, and the VNC/SPICE passwords. Where a display listens
/// is part of the live definition (dumpxml shows the port the server got; virsh domdisplay reads it there).
/// </summary>
public interface IDomainGraphics
{
    /// <summary>
    /// DOMAIN_SCREENSHOT (virsh screenshot): the image of screen <paramref name="screen"/> of the primary video
    /// device, with its MIME type ("image/png"). The caller owns and disposes the stream.
    /// </summary>
    ValueTask<DomainScreenshot> ScreenshotAsync(Guid uuid, uint screen, CancellationToken ct);

    /// <summary>
    /// Changes the password of the running domain's display of <paramref name="type"/>, at once for new
    /// clients (connected ones stay); <paramref name="validTo"/> is libvirt's passwdValidTo
    /// ("2030-01-01T00:00:00", UTC; null: never expires). The display must have been started with a password
    /// (a server without one takes none later). The live definition keeps the new password (shown only in
    /// secure XML). libvirt offers this through update-device with a changed &lt;graphics&gt;.
    /// </summary>
    ValueTask SetPasswordAsync(Guid uuid, GraphicsType type, string? password, string? validTo, CancellationToken ct);
}

/// <summary>A screenshot: the MIME type first (the RPC reply carries it), then the image bytes as a stream.</summary>
public sealed record DomainScreenshot(string MimeType, Stream Image) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Image.DisposeAsync();
}
