using Vireo.Core.Errors;
using Vireo.Drivers.Events;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// One hypervisor driver (QEMU, LXC, or the in-memory test driver): what a connection opened on its URI
/// talks to. The core interfaces are always there; the optional ones (snapshots, tuning, devices, ...)
/// come from Feature&lt;T&gt;(), and a null there is answered "not supported" in one place at each edge.
/// </summary>
public interface IHypervisorDriver : IAsyncDisposable
{
    /// <summary>URI schemes this driver answers ("qemu", "lxc", "test").</summary>
    IReadOnlyList<string> UriSchemes { get; }

    /// <summary>The error domain its errors carry (VIR_FROM_QEMU, VIR_FROM_LXC, ...).</summary>
    VirErrorDomain ErrorDomain { get; }

    IHostInfo Host { get; }
    IDomainQueries Domains { get; }
    IDomainLifecycle Lifecycle { get; }
    IDomainConsoles Consoles { get; }
    DomainEventBus Events { get; }

    /// <summary>An optional capability interface, or null when this driver has none.</summary>
    T? Feature<T>() where T : class;

    /// <summary>Loads defined domains, reconnects to running ones, starts autostart domains.</summary>
    ValueTask StartAsync(CancellationToken ct);
}
