using System.Globalization;
using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Debug;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Graphics;

/// <summary>
/// Screenshots and display passwords of a running guest (qemuDomainScreenshot, and the password part of
/// libvirt's graphics update). QEMU writes the screenshot to a file in the guest's runtime directory; the
/// open file is handed out and its name removed at once, so nothing is left behind whoever reads it.
/// </summary>
internal sealed class QemuGraphics(DriverContext ctx) : IDomainGraphics
{
    public const string PngMimeType = "image/png";

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainGraphics>(ctx => new QemuGraphics(ctx));

    public async ValueTask<DomainScreenshot> ScreenshotAsync(Guid uuid, uint screen, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await MonitorAccess.JobAsync(ctx, dom, "screenshot", ct).ConfigureAwait(false);
        var (guest, monitor) = MonitorAccess.Running(dom);
        var (device, head) = ScreenOf(guest.Live, screen);
        var file = Path.Combine(guest.Paths.Directory, $"screendump-{Guid.NewGuid():N}.png");
        try
        {
            await MonitorAccess.RunAsync(monitor, QmpCommands.Screendump(file, "png", device, head),
                $"cannot take a screenshot of domain '{dom.Name}'", ct).ConfigureAwait(false);
            var image = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
            return new DomainScreenshot(PngMimeType, image);
        }
        finally
        {
            File.Delete(file); // the stream (if any) keeps the data; the name goes now
        }
    }

    public async ValueTask SetPasswordAsync(Guid uuid, GraphicsType type, string? password, string? validTo, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        _ = ExpiryOf(validTo, dom.Name); // a bad time is refused before anything else
        using var job = await MonitorAccess.JobAsync(ctx, dom, "set graphics password", ct).ConfigureAwait(false);
        var (guest, _) = MonitorAccess.Running(dom);
        int index = guest.Live.Devices.Graphics.ToList().FindIndex(g => g.Type == type);
        if (index < 0)
            throw VirErrors.Invalid($"domain '{dom.Name}' has no {GraphicsUpdate.Protocol(type)} display whose password could be changed", VirErrorDomain.Qemu);
        var live = await ChangePasswordAsync(guest, new PasswordChange(index, type, password, validTo, null), ct).ConfigureAwait(false);
        guest.Live = live;
        dom.Live = live;
        await guest.SaveStatusAsync(ctx.Store, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the display's password and its expiry in QEMU (set_password, expire_password) and returns the
    /// live definition that records them; the caller holds the job and stores the definition.
    /// </summary>
    internal static async Task<DomainDef> ChangePasswordAsync(GuestProcess guest, PasswordChange change, CancellationToken ct)
    {
        var name = guest.Live.Name;
        var protocol = change.Type == GraphicsType.Vnc ? "vnc" : "spice";
        var expiry = ExpiryOf(change.ValidTo, name);
        var monitor = guest.RequireMonitor();
        var what = $"cannot change the {GraphicsUpdate.Protocol(change.Type)} password of domain '{name}'";
        await MonitorAccess.RunAsync(monitor, QmpCommands.SetPassword(protocol, change.Password ?? "", change.Connected), what, ct).ConfigureAwait(false);
        await MonitorAccess.RunAsync(monitor, QmpCommands.ExpirePassword(protocol, expiry), what, ct).ConfigureAwait(false);

        var graphics = guest.Live.Devices.Graphics.ToArray();
        graphics[change.Index] = graphics[change.Index] with { Passwd = change.Password, PasswdValidTo = change.ValidTo };
        return guest.Live with { Devices = guest.Live.Devices with { Graphics = graphics } };
    }

    /// <summary>
    /// libvirt counts screens across the video cards' heads: screen 0 is QEMU's default console; a later
    /// one names the card and the head on it. No video card means nothing to take a picture of.
    /// </summary>
    internal static (string? Device, int? Head) ScreenOf(DomainDef live, uint screen)
    {
        var videos = live.Devices.Videos.Where(v => v.Model != VideoModel.None).ToList();
        if (videos.Count == 0)
            throw VirErrors.Invalid("no screens to take screenshot from", VirErrorDomain.Qemu);
        if (screen == 0) return (null, null);
        uint left = screen;
        for (int i = 0; i < videos.Count; i++)
        {
            uint heads = videos[i].Heads ?? 1;
            if (left < heads) return (videos[i].Alias ?? $"video{live.Devices.Videos.ToList().IndexOf(videos[i])}", (int)left);
            left -= heads;
        }
        throw VirErrors.InvalidArg($"no screen with index {screen}: domain '{live.Name}' has {screen - left} screens", VirErrorDomain.Qemu);
    }

    /// <summary>passwdValidTo (UTC) as QMP's expire_password time: seconds since the epoch, "now" when already past, "never" without one.</summary>
    internal static string ExpiryOf(string? validTo, string domain)
    {
        if (validTo is null) return "never";
        if (!DateTimeOffset.TryParse(validTo, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            throw VirErrors.InvalidArg($"cannot parse password validity time '{validTo}' for domain '{domain}': expected YYYY-MM-DDTHH:MM:SS", VirErrorDomain.Qemu);
        return t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }
}
