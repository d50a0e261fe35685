using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Storage;
using Vireo.Web.Api;

namespace Vireo.Web.Events;

/// <summary>
/// The network and storage drivers' events on the event stream. Their Changed handlers must not block, so a
/// handler only queues the event; one pump describes each (the network or pool as it is after the event) and
/// broadcasts its frame, in the order the drivers raised them.
/// </summary>
public sealed class SharedDriverEvents : IAsyncDisposable
{
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly NetworkViews? _networks;
    private readonly PoolViews? _pools;
    private readonly EventHub _hub;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public SharedDriverEvents(NetworkViews? networks, PoolViews? pools, EventHub hub, ILogger log)
    {
        (_networks, _pools, _hub, _log) = (networks, pools, hub, log);
        if (networks is not null)
        {
            networks.Driver.Changed += OnNetwork;
            networks.List(); // learn every network now, so an undefine can carry the network as it was
        }
        if (pools is not null)
        {
            pools.Driver.Changed += OnPool;
            pools.List();
        }
        _pump = Task.Run(() => PumpAsync(_stop.Token));
    }

    private void OnNetwork(NetworkEvent e) => _queue.Writer.TryWrite(e);

    private void OnPool(StoragePoolEvent e) => _queue.Writer.TryWrite(e);

    private async Task PumpAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var e in _queue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    var frame = e switch
                    {
                        NetworkEvent n when _networks is not null => Describe(n, _networks),
                        StoragePoolEvent p when _pools is not null => Describe(p, _pools),
                        _ => null,
                    };
                    if (frame is not null) _hub.Broadcast(frame);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _log.LogWarning(ex, "The web event stream could not describe {Event}", e);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private string? Describe(NetworkEvent e, NetworkViews views)
    {
        var view = views.After(e.Network); // also keeps the last-seen object current when nobody listens
        return _hub.HasListeners ? EventFrames.Of(e, view) : null;
    }

    private string? Describe(StoragePoolEvent e, PoolViews views)
    {
        var view = views.After(e.Pool);
        return _hub.HasListeners ? EventFrames.Of(e, view) : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_networks is not null) _networks.Driver.Changed -= OnNetwork;
        if (_pools is not null) _pools.Driver.Changed -= OnPool;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        _stop.Dispose();
    }
}
