using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;

namespace Vireo.Lxc.Driver;

/// <summary>
/// The container driver (lxc:///): libvirt's LXC domains run by the vireo-lxc helper, behind the same
/// interfaces as QEMU guests. Containers outlive the driver: disposing it lets go of them, and a new
/// driver on the same state directory takes them back in <see cref="StartAsync"/>.
/// </summary>
public sealed class LxcDriver : IHypervisorDriver
{
    private readonly LxcRuntime _rt;
    private readonly LxcTuning _tuning;
    private readonly LxcNamespaces _namespaces;
    private readonly IDomainMetadata _metadata;
    private readonly LxcCpuStats _cpuStats;

    public LxcDriver(LxcDriverOptions options, ILogger<LxcDriver>? logger = null)
    {
        _rt = new LxcRuntime(options, (ILogger?)logger ?? NullLogger.Instance);
        Host = new LxcHost();
        Domains = new LxcQueries(_rt);
        Lifecycle = new LxcLifecycle(_rt);
        Consoles = new LxcConsoles(_rt);
        _tuning = new LxcTuning(_rt);
        _namespaces = new LxcNamespaces(_rt);
        _metadata = LxcMetadata.Create(_rt);
        _cpuStats = new LxcCpuStats(_rt);
    }

    public IReadOnlyList<string> UriSchemes { get; } = ["lxc"];
    public VirErrorDomain ErrorDomain => VirErrorDomain.Lxc;
    public IHostInfo Host { get; }
    public IDomainQueries Domains { get; }
    public IDomainLifecycle Lifecycle { get; }
    public IDomainConsoles Consoles { get; }
    public DomainEventBus Events => _rt.Events;

    public T? Feature<T>() where T : class => typeof(T) switch
    {
        var t when t == typeof(IDomainTuning) => (T)(object)_tuning,
        var t when t == typeof(IDomainNamespaces) => (T)(object)_namespaces,
        var t when t == typeof(IDomainMetadata) => (T)(object)_metadata,
        var t when t == typeof(IDomainCpuStats) => (T)(object)_cpuStats,
        _ => null,
    };

    public async ValueTask StartAsync(CancellationToken ct) => await _rt.LoadAsync(ct).ConfigureAwait(false);

    /// <summary>Stops watching the containers; they keep running.</summary>
    public ValueTask DisposeAsync()
    {
        _rt.Disposed = true;
        foreach (var dom in _rt.Registry.All)
            (dom.Handle as Runtime.RunningContainer)?.Release();
        return ValueTask.CompletedTask;
    }
}
