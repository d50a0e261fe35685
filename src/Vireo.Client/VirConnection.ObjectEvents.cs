using System.Threading.Channels;
using Vireo.Core.Errors;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>Events of networks, storage pools, secrets and node devices (virsh net-event, pool-event, secret-event, nodedev-event).</summary>
public sealed partial class VirConnection
{
    private readonly Dictionary<(VirObjectKind, int), ChannelWriter<VirObjectEvent>> _objectEventSinks = [];

    /// <summary>Network events (lifecycle), of every network or of one.</summary>
    public Task<VirObjectEventSubscription> SubscribeNetworkEventsAsync(VirNetwork? network = null, CancellationToken ct = default) =>
        SubscribeAsync(VirObjectKind.Network, null, id => Rpc.CallAsync<NetEventRegisterArgs, IntValue>(
            RemoteProcedure.ConnectNetworkEventRegisterAny, new(id, network?.Ref), ct), ct);

    /// <summary>Storage pool events (0 lifecycle, 1 refresh; both by default), of every pool or of one.</summary>
    public Task<VirObjectEventSubscription> SubscribeStoragePoolEventsAsync(IReadOnlyList<int>? eventIds = null, VirStoragePool? pool = null,
        CancellationToken ct = default) =>
        SubscribeAsync(VirObjectKind.StoragePool, eventIds, id => Rpc.CallAsync<PoolEventRegisterArgs, IntValue>(
            RemoteProcedure.ConnectStoragePoolEventRegisterAny, new(id, pool?.Ref), ct), ct);

    /// <summary>Secret events (0 lifecycle, 1 value changed; both by default), of every secret or of one.</summary>
    public Task<VirObjectEventSubscription> SubscribeSecretEventsAsync(IReadOnlyList<int>? eventIds = null, VirSecret? secret = null,
        CancellationToken ct = default) =>
        SubscribeAsync(VirObjectKind.Secret, eventIds, id => Rpc.CallAsync<SecretEventRegisterArgs, IntValue>(
            RemoteProcedure.ConnectSecretEventRegisterAny, new(id, secret?.Ref), ct), ct);

    /// <summary>Node device events (0 lifecycle, 1 update; both by default), of every device or of the one named.</summary>
    public Task<VirObjectEventSubscription> SubscribeNodeDeviceEventsAsync(IReadOnlyList<int>? eventIds = null, string? device = null,
        CancellationToken ct = default) =>
        SubscribeAsync(VirObjectKind.NodeDevice, eventIds, id => Rpc.CallAsync<NodeDeviceEventRegisterArgs, IntValue>(
            RemoteProcedure.ConnectNodeDeviceEventRegisterAny, new(id, device), ct), ct);

    /// <summary>How many event ids libvirt 9.0 defines for the kind (VIR_*_EVENT_ID_LAST).</summary>
    public static int EventIdCount(VirObjectKind kind) => kind == VirObjectKind.Network ? 1 : 2;

    /// <summary>Registers each event id and returns once the daemon has confirmed them all, so nothing done afterwards is missed.</summary>
    private async Task<VirObjectEventSubscription> SubscribeAsync(VirObjectKind kind, IReadOnlyList<int>? eventIds,
        Func<int, Task<IntValue>> register, CancellationToken ct)
    {
        var sub = new VirObjectEventSubscription(this, kind);
        try
        {
            foreach (var id in eventIds ?? Enumerable.Range(0, EventIdCount(kind)))
            {
                ct.ThrowIfCancellationRequested();
                var cb = (await register(id).ConfigureAwait(false)).Value;
                lock (_eventGate) _objectEventSinks[(kind, cb)] = sub.Sink;
                sub.CallbackIds.Add(cb);
            }
            StartEventPump();
            return sub;
        }
        catch
        {
            await sub.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal async Task UnsubscribeAsync(VirObjectEventSubscription sub)
    {
        lock (_eventGate) foreach (var id in sub.CallbackIds) _objectEventSinks.Remove((sub.Kind, id));
        if (Rpc.IsClosed) return;
        var deregister = sub.Kind switch
        {
            VirObjectKind.Network => RemoteProcedure.ConnectNetworkEventDeregisterAny,
            VirObjectKind.StoragePool => RemoteProcedure.ConnectStoragePoolEventDeregisterAny,
            VirObjectKind.Secret => RemoteProcedure.ConnectSecretEventDeregisterAny,
            _ => RemoteProcedure.ConnectNodeDeviceEventDeregisterAny,
        };
        foreach (var id in sub.CallbackIds)
        {
            try { await Rpc.CallVoidAsync(deregister, new IntValue(id), CancellationToken.None).ConfigureAwait(false); }
            catch (VirException) { }
        }
    }
}
