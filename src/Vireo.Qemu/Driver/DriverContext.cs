using Microsoft.Extensions.Logging;
using Vireo.Drivers.Events;
using Vireo.Drivers.Persistence;
using Vireo.Drivers.Runtime;

namespace Vireo.Qemu.Driver;

/// <summary>What every part of the QEMU driver shares: the domains, the event bus, the files, the settings.</summary>
internal sealed record DriverContext(
    DomainRegistry Registry,
    DomainEventBus Events,
    DomainStore Store,
    QemuDriverPaths Paths,
    QemuDriverOptions Options,
    QemuEmulators Emulators,
    IGuestIo Io,
    ILogger Log)
{
    /// <summary>Cancelled when the driver is disposed: background work (retries, pumps) stops, guests keep running.</summary>
    public CancellationTokenSource Lifetime { get; } = new();

    /// <summary>Features that take part in every guest's start, reconnect and end (filled as features are created).</summary>
    public Features.GuestRunHooks Hooks { get; } = new(Log);
}
