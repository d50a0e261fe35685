using Vireo.Drivers.Networks;
using Vireo.Drivers.NodeDevices;
using Vireo.Drivers.Secrets;
using Vireo.Drivers.Storage;

namespace Vireo.Rpc.Server;

public sealed partial class RpcConnection
{
    /// <summary>VIR_NETWORK_EVENT_ID_LAST in libvirt 9.0: lifecycle (0) only.</summary>
    public const int NetworkEventIdCount = 1;

    /// <summary>VIR_STORAGE_POOL_EVENT_ID_LAST: lifecycle (0) and refresh (1).</summary>
    public const int StoragePoolEventIdCount = 2;

    /// <summary>VIR_SECRET_EVENT_ID_LAST in libvirt 9.0: lifecycle (0) and value changed (1).</summary>
    public const int SecretEventIdCount = 2;

    /// <summary>VIR_NODE_DEVICE_EVENT_ID_LAST: lifecycle (0) and update (1).</summary>
    public const int NodeDeviceEventIdCount = 2;

    private readonly Lock _objectEventsGate = new();
    private ObjectEventCallbacks<NetworkEvent>? _networkEvents;
    private ObjectEventCallbacks<StoragePoolEvent>? _poolEvents;
    private ObjectEventCallbacks<SecretEvent>? _secretEvents;
    private ObjectEventCallbacks<NodeDeviceEvent>? _nodeDeviceEvents;
    private ObjectEventCallbacks<Drivers.Contracts.QemuMonitorEvent>? _qemuMonitorEvents;

    /// <summary>CONNECT_NETWORK_EVENT_REGISTER_ANY / DEREGISTER_ANY of this connection.</summary>
    internal ObjectEventCallbacks<NetworkEvent> NetworkEvents =>
        Once(ref _networkEvents, () => new(this, "network", NetworkEventIdCount, static (e, _, id) => ObjectEventEncoder.Network(e, id)));

    /// <summary>CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY / DEREGISTER_ANY of this connection.</summary>
    internal ObjectEventCallbacks<StoragePoolEvent> PoolEvents =>
        Once(ref _poolEvents, () => new(this, "storage pool", StoragePoolEventIdCount, ObjectEventEncoder.StoragePool));

    /// <summary>CONNECT_SECRET_EVENT_REGISTER_ANY / DEREGISTER_ANY of this connection.</summary>
    internal ObjectEventCallbacks<SecretEvent> SecretEvents =>
        Once(ref _secretEvents, () => new(this, "secret", SecretEventIdCount,
            static (e, eventId, id) => eventId == (int)e.Id ? ObjectEventEncoder.Secret(e, id) : null));

    /// <summary>CONNECT_NODE_DEVICE_EVENT_REGISTER_ANY / DEREGISTER_ANY of this connection.</summary>
    internal ObjectEventCallbacks<NodeDeviceEvent> NodeDeviceEvents =>
        Once(ref _nodeDeviceEvents, () => new(this, "node device", NodeDeviceEventIdCount, ObjectEventEncoder.NodeDevice));

    /// <summary>QEMU_PROC_CONNECT_DOMAIN_MONITOR_EVENT_REGISTER / DEREGISTER of this connection (one kind, event id 0).</summary>
    internal ObjectEventCallbacks<Drivers.Contracts.QemuMonitorEvent> QemuMonitorEvents =>
        Once(ref _qemuMonitorEvents, () => new(this, "qemu monitor", 1, static (e, _, id) => Procedures.QemuProcedures.Encode(e, id)));

    private T Once<T>(ref T? field, Func<T> create) where T : class
    {
        lock (_objectEventsGate) return field ??= create();
    }
}
