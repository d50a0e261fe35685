using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Web.Api;

namespace Vireo.Web.Events;

/// <summary>
/// One subscription per driver for the whole server: each event becomes its frame once (with the domain object
/// as it is after the event) and goes to every open event stream. Each stream has its own unbounded queue, so a
/// slow browser never holds up the drivers or the other streams.
/// </summary>
public sealed class EventHub : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<Listener> _listeners = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly ILogger _log;

    public EventHub(IReadOnlyList<(string Name, IHypervisorDriver Driver)> drivers, DomainViews views, ILogger log)
    {
        _log = log;
        foreach (var (name, driver) in drivers)
        {
            // Subscribe now, before any request is served, and learn every domain, so even an undefine right
            // after start can carry the domain as it was.
            var sub = driver.Events.Subscribe();
            views.List(name, driver);
            _pumps.Add(Task.Run(() => PumpAsync(name, driver, sub, views, _stop.Token)));
        }
    }

    /// <summary>A new stream's queue of frames (for one driver, or all when driver is null); dispose to leave.</summary>
    public Listener Listen(string? driver)
    {
        var l = new Listener(this, driver);
        lock (_gate) _listeners.Add(l);
        return l;
    }

    private async Task PumpAsync(string name, IHypervisorDriver driver, DomainEventBus.Subscription sub, DomainViews views, CancellationToken ct)
    {
        using (sub)
        {
            try
            {
                await foreach (var e in sub.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                {
                    if (!EventFrames.Carries(e)) continue;
                    Listener[] now;
                    lock (_gate) now = [.. _listeners];
                    if (now.Length == 0)
                    {
                        // Nobody listens: describing the domain would be wasted work (a burst of a thousand
                        // defines would list every domain a thousand times). Only forget what is gone.
                        if (e is LifecycleEvent { Type: LifecycleEventType.Undefined }) views.Forget(name, e.Domain.Uuid);
                        continue;
                    }
                    string? frame;
                    try
                    {
                        frame = EventFrames.Of(e, views.AfterEvent(name, driver, e.Domain, EventFrames.ShutoffReasonOf(e)));
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        _log.LogWarning(ex, "The web event stream could not describe an event of domain {Name}", e.Domain.Name);
                        continue;
                    }
                    if (frame is null) continue;
                    foreach (var l in now)
                        if (l.Driver is null || l.Driver == name) l.Queue.Writer.TryWrite(frame);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Sends a frame of the shared drivers (networks, pools) to every stream, whatever driver it follows.</summary>
    public void Broadcast(string frame)
    {
        Listener[] now;
        lock (_gate) now = [.. _listeners];
        foreach (var l in now) l.Queue.Writer.TryWrite(frame);
    }

    /// <summary>Whether any stream is open (describing an event nobody reads is wasted work).</summary>
    public bool HasListeners
    {
        get { lock (_gate) return _listeners.Count > 0; }
    }

    private void Remove(Listener l)
    {
        lock (_gate) _listeners.Remove(l);
        l.Queue.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pumps).ConfigureAwait(false);
        Listener[] all;
        lock (_gate) all = [.. _listeners];
        foreach (var l in all) l.Queue.Writer.TryComplete();
        _stop.Dispose();
    }

    public sealed class Listener : IDisposable
    {
        private readonly EventHub _hub;

        internal Listener(EventHub hub, string? driver)
        {
            _hub = hub;
            Driver = driver;
        }

        public string? Driver { get; }

        internal Channel<string> Queue { get; } = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

        /// <summary>The frames; completes when the server stops.</summary>
        public ChannelReader<string> Frames => Queue.Reader;

        public void Dispose() => _hub.Remove(this);
    }
}
