using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver;

/// <summary>
/// Console attachments: each is a session on the engine's capture of the serial port, so any number of
/// clients can attach, see the history from power-on, type, and detach without the guest noticing.
/// </summary>
internal sealed class QemuConsoles(DriverContext ctx) : IDomainConsoles
{
    public ValueTask<IConsoleSession> OpenAsync(Guid uuid, string? devName, bool replayHistory, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        var guest = dom.Handle as GuestProcess ?? throw VirErrors.NotRunning(dom.Name);
        // libvirt's device names: "serial0", and "console0" for the console that mirrors serial port 0.
        var name = devName switch
        {
            null or "console0" => guest.Consoles.FirstOrDefault()?.Name,
            _ => devName,
        };
        var entry = guest.Consoles.FirstOrDefault(c => c.Name == name)
            ?? throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Qemu, devName is null
                ? $"cannot find a console device of domain '{dom.Name}': it has no <serial type='pty'> or <console type='pty'>"
                : $"cannot find character device {devName} of domain '{dom.Name}'; it has: {string.Join(", ", guest.Consoles.Select(c => c.Name))}");
        return ValueTask.FromResult(entry.Capture.Open(replayHistory));
    }
}
