using System.Threading.Channels;

namespace Vireo.Drivers.Events;

/// <summary>
/// Fan-out of domain events to any number of subscribers. Publishing never blocks: each subscriber has
/// its own queue, so a slow or dead client cannot hold up the driver or the other subscribers.
/// </summary>
public sealed class DomainEventBus
{
    private readonly object _gate = new();
    private ImmutableSubscribers _subscribers = ImmutableSubscribers.Empty;

    /// <summary>Registers a subscriber; dispose the result to stop receiving.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateUnbounded<DomainEvent>(new UnboundedChannelOptions { SingleReader = true });
        var sub = new Subscription(this, channel);
        lock (_gate) _subscribers = _subscribers.Add(sub);
        return sub;
    }

    public void Publish(DomainEvent evt)
    {
        foreach (var sub in Volatile.Read(ref _subscribers).Items)
            sub.Channel.Writer.TryWrite(evt);
    }

    private void Remove(Subscription sub)
    {
        lock (_gate) _subscribers = _subscribers.Remove(sub);
        sub.Channel.Writer.TryComplete();
    }

    public sealed class Subscription : IDisposable
    {
        private readonly DomainEventBus _bus;

        internal Subscription(DomainEventBus bus, Channel<DomainEvent> channel)
        {
            _bus = bus;
            Channel = channel;
        }

        internal Channel<DomainEvent> Channel { get; }

        public ChannelReader<DomainEvent> Reader => Channel.Reader;

        public void Dispose() => _bus.Remove(this);
    }

    private sealed record ImmutableSubscribers(Subscription[] Items)
    {
        public static readonly ImmutableSubscribers Empty = new([]);
        public ImmutableSubscribers Add(Subscription s) => new([.. Items, s]);
        public ImmutableSubscribers Remove(Subscription s) => new(Items.Where(x => x != s).ToArray());
    }
}
