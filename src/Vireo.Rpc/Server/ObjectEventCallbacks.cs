using Vireo.Core.Errors;
using Vireo.Rpc.Framing;

namespace Vireo.Rpc.Server;

/// <summary>
/// The callbacks one connection registered for one kind of object event (networks, storage pools, secrets,
/// node devices): ids from the daemon-wide counter, each with its event id and optional object filter. The
/// event source is subscribed at the first registration and unsubscribed when the last callback is
/// deregistered or the connection closes, whatever way it closes, so a source that costs something to run
/// (the node device watcher) runs only while someone listens.
/// </summary>
internal sealed class ObjectEventCallbacks<TEvent>
{
    private readonly RpcConnection _connection;
    private readonly string _kind;
    private readonly int _eventIdCount;
    private readonly Func<TEvent, int, int, OutgoingMessage?> _encode;
    private readonly Lock _gate = new();
    private (int CallbackId, int EventId, Func<TEvent, bool>? Wants)[] _callbacks = [];
    private IDisposable? _subscription;

    /// <param name="kind">The object kind in libvirt's sentences ("network", "storage pool").</param>
    /// <param name="eventIdCount">libvirt's *_EVENT_ID_LAST: ids at or above it are refused.</param>
    /// <param name="encode">The message for one callback (event, event id, callback id); null when that event id does not cover the event.</param>
    public ObjectEventCallbacks(RpcConnection connection, string kind, int eventIdCount, Func<TEvent, int, int, OutgoingMessage?> encode)
    {
        _connection = connection;
        _kind = kind;
        _eventIdCount = eventIdCount;
        _encode = encode;
        connection.Closing.Register(() =>
        {
            lock (_gate)
            {
                connection.Server.CountRegistrations(-_callbacks.Length);
                _callbacks = [];
                Unsubscribe();
            }
        });
    }

    /// <summary>Registers a callback; <paramref name="subscribe"/> hooks the source (given the delivery action) if none is hooked yet.</summary>
    /// <param name="wants">The callback's object filter (null: every object).</param>
    public int Register(int eventId, Func<TEvent, bool>? wants, Func<Action<TEvent>, IDisposable> subscribe)
    {
        if (eventId < 0 || eventId >= _eventIdCount)
            throw new VirException(VirErrorCode.InvalidArg, VirErrorDomain.Rpc, $"unsupported {_kind} event ID {eventId}");
        var id = _connection.Server.NextCallbackId();
        lock (_gate)
        {
            _callbacks = [.. _callbacks, (id, eventId, wants)];
            _subscription ??= subscribe(Deliver);
        }
        _connection.Server.CountRegistrations(1);
        return id;
    }

    public void Deregister(int callbackId)
    {
        lock (_gate)
        {
            var kept = _callbacks.Where(c => c.CallbackId != callbackId).ToArray();
            if (kept.Length == _callbacks.Length)
                throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Rpc, $"{_kind} event callback {callbackId} not registered");
            _callbacks = kept;
            if (kept.Length == 0) Unsubscribe();
        }
        _connection.Server.CountRegistrations(-1);
    }

    private void Unsubscribe()
    {
        _subscription?.Dispose();
        _subscription = null;
    }

    /// <summary>Runs on the thread that raised the event: only queues messages (Send never blocks).</summary>
    private void Deliver(TEvent e)
    {
        foreach (var (callbackId, eventId, wants) in Volatile.Read(ref _callbacks))
        {
            if (wants is not null && !wants(e)) continue;
            if (_encode(e, eventId, callbackId) is { } m && !_connection.Send(m)) return;
        }
    }
}

/// <summary>An event subscription undone at dispose (for sources that are plain .NET events).</summary>
internal sealed class EventSubscription(Action unsubscribe) : IDisposable
{
    private int _disposed;

    public static IDisposable Of<T>(Action<Action<T>> add, Action<Action<T>> remove, Action<T> handler)
    {
        add(handler);
        return new EventSubscription(() => remove(handler));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) unsubscribe();
    }
}
