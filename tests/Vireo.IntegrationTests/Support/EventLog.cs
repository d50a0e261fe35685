using Vireo.Core.State;
using Vireo.Drivers.Events;

namespace Vireo.IntegrationTests.Support;

/// <summary>Records every event of one domain from the moment it is created; waits for one with a deadline.</summary>
internal sealed class EventLog : IDisposable
{
    private readonly DomainEventBus.Subscription _sub;
    private readonly List<DomainEvent> _seen = [];
    private readonly Lock _gate = new();
    private readonly Task _pump;
    private readonly string _name;

    public EventLog(DomainEventBus bus, string domainName)
    {
        _name = domainName;
        _sub = bus.Subscribe();
        _pump = Task.Run(async () =>
        {
            await foreach (var e in _sub.Reader.ReadAllAsync())
                if (e.Domain.Name == _name)
                    lock (_gate) _seen.Add(e);
        });
    }

    public List<DomainEvent> All
    {
        get { lock (_gate) return _seen.ToList(); }
    }

    public List<(LifecycleEventType Type, int Detail)> Lifecycle =>
        All.OfType<LifecycleEvent>().Select(e => (e.Type, e.Detail)).ToList();

    /// <summary>Waits until an event matching the predicate has arrived (polling the record with a deadline).</summary>
    public async Task<DomainEvent> WaitForAsync(Func<DomainEvent, bool> match, TimeSpan timeout, string what, int from = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_gate)
                if (_seen.Skip(from).FirstOrDefault(match) is { } hit) return hit;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"No {what} event for domain '{_name}' within {timeout.TotalSeconds:0} s; seen: {string.Join(", ", All)}");
            await Task.Delay(10);
        }
    }

    public Task<DomainEvent> WaitForLifecycleAsync(LifecycleEventType type, int detail, TimeSpan timeout) =>
        WaitForAsync(e => e is LifecycleEvent l && l.Type == type && l.Detail == detail, timeout, $"{type}/{detail}");

    public void Dispose()
    {
        _sub.Dispose();
        _pump.Wait(TimeSpan.FromSeconds(5));
    }
}
