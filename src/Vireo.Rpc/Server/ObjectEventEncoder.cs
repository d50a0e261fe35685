using Vireo.Drivers.Networks;
using Vireo.Drivers.NodeDevices;
using Vireo.Drivers.Secrets;
using Vireo.Drivers.Storage;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server;

/// <summary>The event messages of networks, storage pools, secrets and node devices, for one registration (pure; the connection sends them).</summary>
public static class ObjectEventEncoder
{
    public static OutgoingMessage Network(NetworkEvent e, int callbackId) =>
        MessageBuilder.Build(EventEncoder.Header(RemoteProcedure.NetworkEventLifecycle), new NetLifecycleMsg(callbackId, e.Network, (int)e.Type, 0));

    /// <summary>A pool event for a registration of <paramref name="eventId"/> (0 lifecycle, 1 refresh); null when that registration does not want it.</summary>
    public static OutgoingMessage? StoragePool(StoragePoolEvent e, int eventId, int callbackId) => (eventId, e.Type) switch
    {
        (0, { } type) => MessageBuilder.Build(EventEncoder.Header(RemoteProcedure.StoragePoolEventLifecycle), new PoolLifecycleMsg(callbackId, e.Pool, (int)type, 0)),
        (1, null) => MessageBuilder.Build(EventEncoder.Header(RemoteProcedure.StoragePoolEventRefresh), new PoolRefreshMsg(callbackId, e.Pool)),
        _ => null,
    };

    public static OutgoingMessage Secret(SecretEvent e, int callbackId) => e.Id == SecretEventId.Lifecycle
        ? MessageBuilder.Build(EventEncoder.Header(RemoteProcedure.SecretEventLifecycle), new SecretLifecycleMsg(callbackId, e.Secret, (int)e.Lifecycle, 0))
        : MessageBuilder.Build(EventEncoder.Header(RemoteProcedure.SecretEventValueChanged), new SecretValueChangedMsg(callbackId, e.Secret));

    /// <summary>A node device event for a registration of <paramref name="eventId"/> (0 lifecycle, 1 update); null when that registration does not want it.</summary>
    public static OutgoingMessage? NodeDevice(NodeDeviceEvent e, int eventId, int callbackId) => (eventId, e.Lifecycle) switch
    {
        (0, { } type) => MessageBuilder.Build(EventEncoder.Header(RemoteProcedure.NodeDeviceEventLifecycle), new NodeDeviceLifecycleMsg(callbackId, e.Device, (int)type, 0)),
        (1, null) => MessageBuilder.Build(EventEncoder.Header(RemoteProcedure.NodeDeviceEventUpdate), new NodeDeviceUpdateMsg(callbackId, e.Device)),
        _ => null,
    };
}
