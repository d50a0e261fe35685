using System.Threading.Channels;
using Vireo.Drivers.Events;

namespace Vireo.Client;

/// <summary>Event registrations on a connection; <see cref="Events"/> yields what the daemon sends.</summary>
public abstract class VirSubscription<TEvent> : IAsyncDisposable
{
    private readonly Channel<TEvent> _channel = Channel.CreateUnbounded<TEvent>(new UnboundedChannelOptions { SingleReader = true });
    private int _disposed;

    /// <summary>The daemon's callback ids of these registrations.</summary>
    public List<int> CallbackIds { get; } = [];

    /// <summary>Events in the order the daemon sent them; completes when the connection closes.</summary>
    public ChannelReader<TEvent> Events => _channel.Reader;

    internal ChannelWriter<TEvent> Sink => _channel.Writer;

    /// <summary>Completes <see cref="Events"/> and deregisters the callbacks from the daemon.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _channel.Writer.TryComplete();
        await UnsubscribeAsync().ConfigureAwait(false);
    }

    private protected abstract Task UnsubscribeAsync();
}

/// <summary>Domain event registrations (<see cref="VirConnection.SubscribeEventsAsync"/>).</summary>
public sealed class VirEventSubscription : VirSubscription<DomainEvent>
{
    private readonly VirConnection _connection;

    internal VirEventSubscription(VirConnection connection) => _connection = connection;

    private protected override Task UnsubscribeAsync() => _connection.UnsubscribeAsync(this);
}
