using System.Threading.Channels;
using Vireo.Drivers.Events;

namespace Vireo.Client;

/// <summary>Event registrations on a connection; <see cref="Events"/> yields what the daemon sends.</summary>
public sealed class VirEventSubscription : IAsyncDisposable
{
    private readonly VirConnection _connection;
    private readonly Channel<DomainEvent> _channel;
    private int _disposed;

    internal VirEventSubscription(VirConnection connection, Channel<DomainEvent> channel)
    {
        _connection = connection;
        _channel = channel;
    }

    /// <summary>The daemon's callback ids of these registrations.</summary>
    public List<int> CallbackIds { get; } = [];

    /// <summary>Events in the order the daemon sent them; completes when the connection closes.</summary>
    public ChannelReader<DomainEvent> Events => _channel.Reader;

    /// <summary>Completes <see cref="Events"/> and deregisters the callbacks from the daemon.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _channel.Writer.TryComplete();
        await _connection.UnsubscribeAsync(this).ConfigureAwait(false);
    }
}
