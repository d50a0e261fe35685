using Microsoft.Extensions.Logging;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Secrets;
using Vireo.Drivers.Storage;
using Vireo.Drivers.Test;
using Vireo.Lxc;
using Vireo.Lxc.Driver;
using Vireo.Qemu.Driver;

namespace Vireo.Hosting;

/// <summary>Per-driver settings a composition root may change; the defaults suit vireod.</summary>
public sealed record DriverSetOptions
{
    /// <summary>QEMU driver tunables; CanonicalUri is replaced for embedded roots.</summary>
    public QemuDriverOptions Qemu { get; init; } = new();

    /// <summary>The container helper (vireo-lxc); null: the one next to the running program.</summary>
    public string? LxcHelperPath { get; init; }

    /// <summary>The in-memory driver starts with libvirt's running "test" domain (test:///default does).</summary>
    public bool TestDefaultDomain { get; init; } = true;

    /// <summary>
    /// The network namespace the network driver creates and looks up bridges in (a name under /run/netns);
    /// null: the host's own. Tests and labs point it at a namespace they own, so no bridge lands on the host.
    /// </summary>
    public string? NetworkNamespace { get; init; }
}

/// <summary>
/// The drivers of one Vireo instance, built on one state layout. Construction does no I/O;
/// <see cref="StartAsync"/> loads definitions, reconnects to running guests and containers and starts
/// the autostart ones. Disposing lets go of every guest without stopping it.
/// </summary>
public sealed class DriverSet : IAsyncDisposable
{
    private readonly List<IHypervisorDriver> _drivers;
    private readonly ILogger _log;
    private int _disposed;

    private DriverSet(List<IHypervisorDriver> drivers, StorageDriver? storage, NetworkDriver? networks, ILogger log)
    {
        _drivers = drivers;
        Storage = storage;
        Networks = networks;
        _log = log;
    }

    /// <summary>The storage driver (directory pools) all connections share; null for the in-memory test driver alone.</summary>
    public StorageDriver? Storage { get; }

    /// <summary>The network driver (bridge networks) all connections share; null for the in-memory test driver alone.</summary>
    public NetworkDriver? Networks { get; }

    /// <summary>The secret driver all connections share (CONFIG/secrets); null for the in-memory test driver alone.</summary>
    public SecretDriver? Secrets { get; private init; }

    /// <summary>The drivers that are running (after <see cref="StartAsync"/>: those that started).</summary>
    public IReadOnlyList<IHypervisorDriver> Drivers => _drivers;

    public static DriverSet Create(StateLayout layout, IEnumerable<DriverKind> kinds, DriverSetOptions? options, ILoggerFactory loggers)
    {
        options ??= new DriverSetOptions();
        // One secret driver per instance, as libvirtd's: its files are libvirt's /etc/libvirt/secrets layout under
        // the state dir. Made first: the QEMU driver reads the passphrases of encrypted disks from it.
        var secrets = kinds.Any(k => k != DriverKind.Test)
            ? new SecretDriver(new SecretStore(Path.Combine(layout.StateDir, "secrets")), loggers.CreateLogger("Vireo.Secrets"))
            : null;
        if (secrets is not null && options.Qemu.Secrets is null) options = options with { Qemu = options.Qemu with { Secrets = secrets } };
        var drivers = new List<IHypervisorDriver>();
        foreach (var kind in kinds.Distinct())
            drivers.Add(kind switch
            {
                DriverKind.Qemu => new QemuDriver(layout.QemuPaths, options.Qemu, loggers.CreateLogger("Vireo.Qemu")),
                DriverKind.Lxc => new LxcDriver(
                    options.LxcHelperPath is { } helper
                        ? new LxcDriverOptions { Layout = layout.LxcLayout, HelperPath = helper }
                        : new LxcDriverOptions { Layout = layout.LxcLayout },
                    loggers.CreateLogger<LxcDriver>()),
                DriverKind.Test => new TestDriver(new TestDriverOptions { WithDefaultDomain = options.TestDefaultDomain }),
                _ => throw new ArgumentOutOfRangeException(nameof(kinds), kind, "unknown driver"),
            });
        // One storage driver per instance, as libvirtd's: qemu:/// and lxc:/// see the same pools.
        var storage = kinds.Any(k => k != DriverKind.Test)
            ? new StorageDriver(new StoragePoolStore(layout.StateDir, layout.RunDir), new LocalStorageHost(), loggers.CreateLogger("Vireo.Storage")) { Secrets = secrets }
            : null;
        // One network driver per instance too. Its definitions are the QEMU driver's CONFIG/networks files, the
        // ones <interface type='network'> resolves a network's bridge from, so both always agree.
        var paths = layout.QemuPaths;
        var networks = kinds.Any(k => k != DriverKind.Test)
            ? new NetworkDriver(new NetworkStore(Path.Combine(paths.ConfigDir, "networks"), Path.Combine(paths.RunDir, "networks")),
                new LocalNetworkHost(options.NetworkNamespace), loggers.CreateLogger("Vireo.Networks"))
            : null;
        return new DriverSet(drivers, storage, networks, loggers.CreateLogger("Vireo.Hosting")) { Secrets = secrets };
    }

    /// <summary>
    /// Starts every driver. The first driver is required: its failure is thrown. A later one that cannot
    /// start (e.g. the container helper is missing) is logged, disposed and dropped, so the host still
    /// serves the others.
    /// </summary>
    public async Task StartAsync(CancellationToken ct)
    {
        // Networks first: an autostart guest on an isolated network needs its bridge before the guest starts.
        if (Networks is not null) await Networks.StartAsync(ct).ConfigureAwait(false);
        // Secrets before the hypervisors too: an autostart guest with an encrypted disk needs its secret's value.
        if (Secrets is not null) await Secrets.StartAsync(ct).ConfigureAwait(false);
        for (var i = 0; i < _drivers.Count; i++)
        {
            var driver = _drivers[i];
            try
            {
                await driver.StartAsync(ct).ConfigureAwait(false);
                _log.LogInformation("The {Scheme} driver is ready", driver.UriSchemes[0]);
            }
            catch (Exception e) when (i > 0 && e is not OperationCanceledException)
            {
                _log.LogError("The {Scheme} driver could not start and is disabled ({Scheme}:/// connections will be refused): {Error}",
                    driver.UriSchemes[0], driver.UriSchemes[0], e.Message);
                await driver.DisposeAsync().ConfigureAwait(false);
                _drivers.RemoveAt(i--);
            }
        }
        // Storage last: rescanning active pools runs qemu-img on every volume, and no guest needs a pool to
        // start or be reconnected (Vireo has no <disk type='volume'>), so guests are not kept waiting on it.
        // No client sees either half-loaded: the RPC server is built only after this returns.
        if (Storage is not null) await Storage.StartAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Stops watching guests and containers; every one keeps running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var d in _drivers)
        {
            try { await d.DisposeAsync().ConfigureAwait(false); }
            catch (Exception e) { _log.LogWarning(e, "Closing the {Scheme} driver failed", d.UriSchemes[0]); }
        }
    }
}
