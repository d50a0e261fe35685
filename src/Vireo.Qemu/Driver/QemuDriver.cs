using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Persistence;
using Vireo.Drivers.Runtime;
using Vireo.Platform.Files;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Driver;

/// <summary>
/// The QEMU hypervisor driver (qemu:///system, and qemu:///embed?root=DIR in the CLI process). Guests run
/// as QEMU processes in their own sessions: disposing the driver stops watching them but never stops
/// them, and a new driver on the same directories reconnects to every one (<see cref="StartAsync"/>).
/// </summary>
public sealed class QemuDriver : IHypervisorDriver
{
    private readonly DriverContext _ctx;
    private readonly QemuLifecycle _lifecycle;
    private readonly QemuQueries _queries;
    private readonly QemuHostInfo _host;
    private readonly Features.QemuFeatures _features;
    private int _disposed;
    private EngineLock? _lock;

    /// <param name="paths">Where configs, status files, sockets and logs live (<see cref="QemuDriverPaths.Under"/> for embedded mode).</param>
    /// <param name="options">Timings and the default emulator; null for the defaults.</param>
    /// <param name="logger">Where the driver says what it did and what went wrong.</param>
    public QemuDriver(QemuDriverPaths paths, QemuDriverOptions? options = null, ILogger? logger = null)
        : this(paths, options ?? new QemuDriverOptions(), logger ?? NullLogger.Instance, new QemuGuestIo((options ?? new QemuDriverOptions()).MonitorCommandTimeout, logger ?? NullLogger.Instance))
    {
    }

    internal QemuDriver(QemuDriverPaths paths, QemuDriverOptions options, ILogger logger, IGuestIo io)
    {
        var registry = new DomainRegistry(VirErrorDomain.Qemu);
        var emulators = new QemuEmulators(new QemuCapsCache(options.CapsCacheDirectory ?? paths.CapsCacheDir), options.EmulatorPath);
        _ctx = new DriverContext(registry, new DomainEventBus(), new DomainStore(paths.ConfigDir, paths.RunDir), paths, options, emulators, io, logger);
        _host = new QemuHostInfo(emulators, options);
        _lifecycle = new QemuLifecycle(_ctx);
        _queries = new QemuQueries(_ctx, _host);
        Consoles = new QemuConsoles(_ctx);
        _features = Features.QemuFeatureRegistry.CreateFor(_ctx);
    }

    public IReadOnlyList<string> UriSchemes { get; } = ["qemu"];
    public VirErrorDomain ErrorDomain => VirErrorDomain.Qemu;
    public IHostInfo Host => _host;
    public IDomainQueries Domains => _queries;
    public IDomainLifecycle Lifecycle => _lifecycle;
    public IDomainConsoles Consoles { get; }
    public DomainEventBus Events => _ctx.Events;
    public QemuDriverPaths Paths => _ctx.Paths;

    /// <summary>The domains, for composition roots that need more than the contracts (SNMP tables, metrics).</summary>
    public DomainRegistry Registry => _ctx.Registry;

    public T? Feature<T>() where T : class => _features.Get<T>();

    /// <summary>
    /// Loads the definitions, probes the default emulator, reconnects to every running guest (in
    /// parallel), then (once per host boot) starts the autostart domains that are not running. Damaged files are logged and
    /// skipped, never fatal: one bad file must not hide the other guests.
    /// </summary>
    public async ValueTask StartAsync(CancellationToken ct)
    {
        _lock = await EngineLock.AcquireAsync(_ctx.Paths.RunDir, _ctx.Options.JobWait, ct).ConfigureAwait(false);
        var store = _ctx.Store;
        store.EnsureDirectories();
        DirectoryLayout.Ensure(_ctx.Paths.LogDir);
        var errors = new List<DomainStore.LoadError>();
        foreach (var def in store.LoadConfigs(errors))
        {
            var dom = _ctx.Registry.AddOrGet(def.Uuid, def.Name, () => new DomainObject(def, persistentDefined: true));
            dom.SetAutostart(store.IsAutostart(def.Name));
            if (store.LoadStopped(def.Name) is { } last) dom.SetInactive(last); // "shut off (destroyed)" survives the restart
        }
        await _ctx.Emulators.LoadDefaultAsync(ct, (attempt, problem) =>
            _ctx.Log.LogWarning("Probing the default emulator failed (attempt {Attempt} of {Attempts}), trying again: {Problem}",
                attempt, QemuEmulators.StartupAttempts, problem)).ConfigureAwait(false);
        if (_ctx.Emulators.DefaultProblem is { } problem)
            _ctx.Log.LogError("The default emulator cannot be used: {Problem}", problem);

        var reconnector = new Reconnector(_ctx);
        await Task.WhenAll(store.LoadStatuses(errors).Select(async status =>
        {
            try
            {
                await reconnector.ReconnectAsync(status, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _ctx.Log.LogError(e, "Domain {Name}: reconnecting failed: {Error}", status.Name, e.Message);
            }
        })).ConfigureAwait(false);
        foreach (var error in errors)
            _ctx.Log.LogError("Skipping {Path}: {Error}", error.Path, error.Message);

        if (!await AutostartMarker.FirstThisBootAsync(_ctx.Paths.RunDir, ct).ConfigureAwait(false)) return;
        foreach (var dom in _ctx.Registry.All.Where(d => d.Autostart && !d.IsActive && d.IsPersistent))
        {
            try
            {
                await _lifecycle.StartAsync(dom.Uuid, CreateFlags.None, ct).ConfigureAwait(false);
                _ctx.Log.LogInformation("Domain {Name}: autostarted", dom.Name);
            }
            catch (VirException e)
            {
                _ctx.Log.LogError("Domain {Name}: autostart failed: {Error}", dom.Name, e.Message);
            }
        }
    }

    /// <summary>Stops watching: closes monitors, console captures and pidfds. Every guest keeps running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _ctx.Lifetime.CancelAsync().ConfigureAwait(false);
        foreach (var dom in _ctx.Registry.All)
        {
            if (dom.Handle is not GuestProcess guest) continue;
            try
            {
                if (guest.Monitor is not null) await guest.Monitor.DisposeAsync().ConfigureAwait(false);
                foreach (var c in guest.Consoles) await c.Capture.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                _ctx.Log.LogDebug("Domain {Name}: closing connections on dispose: {Error}", dom.Name, e.Message);
            }
            guest.Process.Dispose();
        }
        _lock?.Dispose();
    }

    /// <summary>
    /// The driver of `qemu:///embed?root=DIR`: everything under DIR, in the calling process. Guests keep
    /// running when the process exits; the next embedded driver on DIR reconnects to them.
    /// </summary>
    public static QemuDriver Embedded(string root, ILogger? logger = null, QemuDriverOptions? options = null)
    {
        var full = Path.GetFullPath(root);
        return new QemuDriver(QemuDriverPaths.Under(full),
            (options ?? new QemuDriverOptions()) with { CanonicalUri = $"qemu:///embed?root={full}" }, logger);
    }
}
