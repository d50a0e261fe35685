using Vireo.Core.Errors;
using Vireo.Drivers.Storage;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server;

public sealed partial class RpcConnection
{
    /// <summary>VIR_STORAGE_POOL_EVENT_ID_LAST: lifecycle (0) and refresh (1).</summary>
    public const int StoragePoolEventIdCount = 2;

    private readonly object _poolEventGate = new();
    private (int CallbackId, int EventId, Guid? Pool)[] _poolRegistrations = [];
    private IStoragePools? _poolEventSource;

    /// <summary>CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY: a callback id from the daemon-wide counter; events follow as the pools change.</summary>
    internal int RegisterPoolEvent(IStoragePools storage, int eventId, Guid? pool)
    {
        if (eventId < 0 || eventId >= StoragePoolEventIdCount)
            throw new VirException(VirErrorCode.InvalidArg, VirErrorDomain.Rpc, $"unsupported storage pool event ID {eventId}");
        var id = _server.NextCallbackId();
        lock (_poolEventGate)
        {
            _poolRegistrations = [.. _poolRegistrations, (id, eventId, pool)];
            if (_poolEventSource is null)
            {
                _poolEventSource = storage;
                storage.Changed += OnPoolEvent;
                // Unhooked when the client goes away, whatever way it goes.
                Closing.Register(() =>
                {
                    lock (_poolEventGate) _poolRegistrations = [];
                    storage.Changed -= OnPoolEvent;
                });
            }
        }
        return id;
    }

    internal void DeregisterPoolEvent(int callbackId)
    {
        lock (_poolEventGate)
        {
            var kept = _poolRegistrations.Where(r => r.CallbackId != callbackId).ToArray();
            if (kept.Length == _poolRegistrations.Length)
                throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Rpc, $"storage pool event callback {callbackId} not registered");
            _poolRegistrations = kept;
        }
    }

    /// <summary>Runs on the thread that changed the pool: only queues messages (Send never blocks).</summary>
    private void OnPoolEvent(StoragePoolEvent e)
    {
        foreach (var (callbackId, eventId, pool) in Volatile.Read(ref _poolRegistrations))
        {
            if (pool is { } uuid && uuid != e.Pool.Uuid) continue;
            if (ObjectEventEncoder.StoragePool(e, eventId, callbackId) is { } m && !Send(m)) return;
        }
    }
}
