using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Xdr;

namespace Vireo.Client;

/// <summary>The kinds of host objects with events of their own (libvirt's virConnect*EventRegisterAny).</summary>
public enum VirObjectKind { Network, StoragePool, Secret, NodeDevice }

/// <summary>
/// An event about a network, storage pool, secret or node device.
/// </summary>
/// <param name="Object">The object's name; a secret's UUID.</param>
/// <param name="EventId">0 lifecycle; 1 a pool's refresh, a secret's value change or a node device's update.</param>
/// <param name="Lifecycle">For lifecycle events, libvirt's vir{Network,StoragePool,Secret,NodeDevice}EventLifecycleType value.</param>
public sealed record VirObjectEvent(VirObjectKind Kind, string Object, int EventId, int? Lifecycle)
{
    /// <summary>Decodes an object event message; null for any other message.</summary>
    internal static (int CallbackId, VirObjectEvent Event)? Decode(RemoteProcedure proc, byte[] payload)
    {
        var r = new XdrReader(payload);
        try
        {
            switch (proc)
            {
                case RemoteProcedure.NetworkEventLifecycle:
                    var n = NetLifecycleMsg.Decode(ref r);
                    return (n.CallbackId, new(VirObjectKind.Network, n.Network.Name, 0, n.Event));
                case RemoteProcedure.StoragePoolEventLifecycle:
                    var p = PoolLifecycleMsg.Decode(ref r);
                    return (p.CallbackId, new(VirObjectKind.StoragePool, p.Pool.Name, 0, p.Event));
                case RemoteProcedure.StoragePoolEventRefresh:
                    var pr = PoolRefreshMsg.Decode(ref r);
                    return (pr.CallbackId, new(VirObjectKind.StoragePool, pr.Pool.Name, 1, null));
                case RemoteProcedure.SecretEventLifecycle:
                    var s = SecretLifecycleMsg.Decode(ref r);
                    return (s.CallbackId, new(VirObjectKind.Secret, s.Secret.Uuid.ToString("D"), 0, s.Event));
                case RemoteProcedure.SecretEventValueChanged:
                    var sv = SecretValueChangedMsg.Decode(ref r);
                    return (sv.CallbackId, new(VirObjectKind.Secret, sv.Secret.Uuid.ToString("D"), 1, null));
                case RemoteProcedure.NodeDeviceEventLifecycle:
                    var d = NodeDeviceLifecycleMsg.Decode(ref r);
                    return (d.CallbackId, new(VirObjectKind.NodeDevice, d.Device, 0, d.Event));
                case RemoteProcedure.NodeDeviceEventUpdate:
                    var du = NodeDeviceUpdateMsg.Decode(ref r);
                    return (du.CallbackId, new(VirObjectKind.NodeDevice, du.Device, 1, null));
                default:
                    return null;
            }
        }
        catch (XdrException)
        {
            return null;
        }
    }
}

/// <summary>Network, storage pool, secret or node device event registrations (VirConnection.Subscribe*EventsAsync).</summary>
public sealed class VirObjectEventSubscription : VirSubscription<VirObjectEvent>
{
    private readonly VirConnection _connection;

    internal VirObjectEventSubscription(VirConnection connection, VirObjectKind kind)
    {
        _connection = connection;
        Kind = kind;
    }

    public VirObjectKind Kind { get; }

    private protected override Task UnsubscribeAsync() => _connection.UnsubscribeAsync(this);
}
