using Vireo.Core.Keycodes;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>A screenshot as it arrives: the MIME type at once, the image as a stream (dispose it to finish).</summary>
public sealed record VirScreenshot(string MimeType, VirConsoleStream Image) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Image.DisposeAsync();
}

/// <summary>Guest debugging and displays: inject-nmi, send-key, screenshot (virDomainInjectNMI, virDomainSendKey, virDomainScreenshot).</summary>
public static class VirDomainDebug
{
    public static Task InjectNmiAsync(this VirDomain domain, CancellationToken ct = default) =>
        domain.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainInjectNmi, new DomainFlagsArgs(domain.Ref, 0), ct);

    /// <summary>
    /// Presses the keys together for <paramref name="holdtimeMs"/> (0: the daemon's default) and releases them.
    /// Keycodes are numbers of <paramref name="codeset"/>; <see cref="Keycodes.ParseKeys"/> reads virsh's names.
    /// </summary>
    public static Task SendKeyAsync(this VirDomain domain, KeycodeSet codeset, uint holdtimeMs, IReadOnlyList<int> keycodes, CancellationToken ct = default)
    {
        if (keycodes.Count is 0 or > Keycodes.MaxKeys)
            throw new ArgumentOutOfRangeException(nameof(keycodes), keycodes.Count, $"send-key takes 1 to {Keycodes.MaxKeys} keys");
        var args = new DomainSendKeyArgs(domain.Ref, (uint)codeset, holdtimeMs, [.. keycodes.Select(k => (uint)k)], 0);
        return domain.Connection.Rpc.CallVoidAsync(RemoteProcedure.DomainSendKey, args, ct);
    }

    /// <summary>DOMAIN_SCREENSHOT of screen <paramref name="screen"/>: read <see cref="VirScreenshot.Image"/> to its end, then dispose.</summary>
    public static async Task<VirScreenshot> ScreenshotAsync(this VirDomain domain, uint screen = 0, CancellationToken ct = default)
    {
        var (mime, stream) = await domain.Connection.Rpc.CallWithStreamAsync<DomainUIntFlagsArgs, OptionalStringValue>(
            RemoteProcedure.DomainScreenshot, new DomainUIntFlagsArgs(domain.Ref, screen, 0), ct).ConfigureAwait(false);
        return new VirScreenshot(mime.Value ?? "application/octet-stream", new VirConsoleStream(stream));
    }
}
