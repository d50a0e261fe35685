using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;

namespace Vireo.Snmp.Mib;

/// <summary>
/// Keeps the guest table snapshot of all domains of all drivers (QEMU and containers alike) current:
/// rebuilt after domain events (coalesced) and every refresh interval (CPU time moves without events).
/// Readers take <see cref="Current"/> and never wait. Each lifecycle event also becomes a
/// <see cref="GuestNotification"/> on <see cref="Notifications"/>.
/// </summary>
public sealed class GuestTableSource
{
    /// <summary>Notifications waiting for a session. Bounded: during a long outage the oldest are dropped, not memory.</summary>
    public const int NotificationBacklog = 1024;

    private readonly IHypervisorDriver[] _drivers;
    private readonly TimeSpan _refreshInterval;
    private readonly ILogger _log;
    private readonly Channel<GuestNotification> _notifications =
        Channel.CreateBounded<GuestNotification>(new BoundedChannelOptions(NotificationBacklog) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Channel<bool> _refreshRequests =
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _refreshGate = new();
    private volatile State _state = new(GuestTableSnapshot.Empty, new Dictionary<Guid, IHypervisorDriver>());

    private sealed record State(GuestTableSnapshot Table, IReadOnlyDictionary<Guid, IHypervisorDriver> Owners);

    public GuestTableSource(IEnumerable<IHypervisorDriver> drivers, TimeSpan refreshInterval, ILogger log)
    {
        _drivers = [.. drivers];
        _refreshInterval = refreshInterval;
        _log = log;
    }

    public GuestTableSnapshot Current => _state.Table;

    public ChannelReader<GuestNotification> Notifications => _notifications.Reader;

    /// <summary>The lifecycle interface of the driver that owns a guest, for SET.</summary>
    public IDomainLifecycle? LifecycleOf(Guid uuid) => _state.Owners.GetValueOrDefault(uuid)?.Lifecycle;

    /// <summary>Asks the background loop for a rebuild soon; cheap and never blocks.</summary>
    public void RequestRefresh() => _refreshRequests.Writer.TryWrite(true);

    /// <summary>Rebuilds the snapshot now from the drivers' in-memory state (List and Info never wait for a job).</summary>
    public void Refresh()
    {
        lock (_refreshGate)
        {
            var rows = new List<GuestRow>();
            var owners = new Dictionary<Guid, IHypervisorDriver>();
            foreach (var driver in _drivers)
            {
                IReadOnlyList<DomainSummary> domains;
                try { domains = driver.Domains.List(ListFlags.All); }
                catch (Exception e)
                {
                    _log.LogWarning(e, "Could not list the domains of the {Driver} driver for SNMP: {Message}", string.Join('/', driver.UriSchemes), e.Message);
                    continue;
                }
                foreach (var d in domains)
                {
                    DomainInfo info;
                    try { info = driver.Domains.Info(d.Ref.Uuid); }
                    catch (VirException) { continue; } // undefined between List and Info: its event will follow
                    rows.Add(GuestRow.FromKiB(d.Ref.Uuid, d.Ref.Name, GuestStateMap.FromDomainState(info.State),
                        info.VirtCpus, info.MemoryKiB, info.MaxMemKiB, info.CpuTimeNs));
                    owners[d.Ref.Uuid] = driver;
                }
            }
            _state = new State(new GuestTableSnapshot(rows), owners);
        }
    }

    /// <summary>Subscribes to every driver's events, builds the first snapshot, then keeps it current until ct.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var subscriptions = _drivers.Select(d => (Driver: d, Sub: d.Events.Subscribe())).ToArray();
        try
        {
            Refresh(); // after subscribing, so no event between the two is lost
            var tasks = subscriptions.Select(s => PumpEventsAsync(s.Driver, s.Sub.Reader, ct)).ToList();
            tasks.Add(RefreshLoopAsync(ct));
            tasks.Add(PeriodicRefreshAsync(ct));
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally
        {
            foreach (var s in subscriptions) s.Sub.Dispose();
            _notifications.Writer.TryComplete();
        }
    }

    private async Task PumpEventsAsync(IHypervisorDriver driver, ChannelReader<DomainEvent> events, CancellationToken ct)
    {
        await foreach (var evt in events.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (evt is LifecycleEvent life)
            {
                var n = GuestNotification.ForLifecycle(life.Type, life.Domain.Uuid, life.Domain.Name, CurrentState(driver, life.Domain.Uuid));
                _log.LogDebug("SNMP notification for guest '{Name}': {Event} -> {State}", n.Name, life.Type, n.State);
                _notifications.Writer.TryWrite(n);
            }
            RequestRefresh();
        }
    }

    private static GuestState? CurrentState(IHypervisorDriver driver, Guid uuid)
    {
        try { return GuestStateMap.FromDomainState(driver.Domains.Info(uuid).State); }
        catch (VirException) { return null; }
    }

    private async Task RefreshLoopAsync(CancellationToken ct)
    {
        await foreach (var _ in _refreshRequests.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            Refresh();
    }

    private async Task PeriodicRefreshAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_refreshInterval);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            RequestRefresh();
    }
}
