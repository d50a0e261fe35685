using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Events;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Xdr;

namespace Vireo.Client;

/// <summary>An event the client has no typed record for: its id and the procedure it arrived with.</summary>
public sealed record OtherDomainEvent(DomainRef Domain, int Id, RemoteProcedure Procedure) : DomainEvent(Domain)
{
    public override int EventId => Id;
}

public sealed partial class VirConnection
{
    private readonly object _eventGate = new();
    private readonly Dictionary<int, ChannelWriter<DomainEvent>> _eventSinks = [];
    private Task? _eventPump;

    /// <summary>
    /// Domain events as they happen (lifecycle and reboot by default; any virDomainEventID), optionally of
    /// one domain. The registrations live as long as the enumeration; stop it with the token.
    /// </summary>
    public async IAsyncEnumerable<DomainEvent> WatchEventsAsync(IReadOnlyList<int>? eventIds = null, VirDomain? domain = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var sub = await SubscribeEventsAsync(eventIds, domain, ct).ConfigureAwait(false);
        await foreach (var evt in sub.Events.ReadAllAsync(ct).ConfigureAwait(false))
            yield return evt;
    }

    /// <summary>
    /// Registers for domain events and returns once the daemon has confirmed every registration, so that
    /// nothing done afterwards is missed. Dispose the subscription to deregister.
    /// </summary>
    public async Task<VirEventSubscription> SubscribeEventsAsync(IReadOnlyList<int>? eventIds = null, VirDomain? domain = null, CancellationToken ct = default)
    {
        if (!SupportsCallbackEvents)
            throw new VirException(VirErrorCode.NoSupport, VirErrorDomain.Rpc, "domain event callbacks (the daemon lacks REMOTE_EVENT_CALLBACK)");
        var sub = new VirEventSubscription(this);
        try
        {
            foreach (var id in eventIds ?? [0, 1])
            {
                var cb = await Rpc.CallAsync<EventRegisterArgs, IntValue>(RemoteProcedure.ConnectDomainEventCallbackRegisterAny,
                    new EventRegisterArgs(id, domain?.Ref), ct).ConfigureAwait(false);
                lock (_eventGate) _eventSinks[cb.Value] = sub.Sink;
                sub.CallbackIds.Add(cb.Value);
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

    internal async Task UnsubscribeAsync(VirEventSubscription sub)
    {
        lock (_eventGate) foreach (var id in sub.CallbackIds) _eventSinks.Remove(id);
        if (Rpc.IsClosed) return;
        foreach (var id in sub.CallbackIds)
        {
            try { await Rpc.CallVoidAsync(RemoteProcedure.ConnectDomainEventCallbackDeregisterAny, new IntValue(id), CancellationToken.None).ConfigureAwait(false); }
            catch (VirException) { }
        }
    }

    private void StartEventPump()
    {
        lock (_eventGate) _eventPump ??= Task.Run(PumpEventsAsync, CancellationToken.None);
    }

    /// <summary>Hands each event message to the subscription whose callback it names (domain or object events).</summary>
    private async Task PumpEventsAsync()
    {
        await foreach (var msg in Rpc.Events.ReadAllAsync().ConfigureAwait(false))
        {
            if (msg.Program == QemuProtocol.Program)
            {
                if (DecodeQemu((int)msg.Procedure, msg.Payload) is var (qemuCallbackId, qemuEvent))
                {
                    ChannelWriter<QemuMonitorEventReceived>? sink;
                    lock (_eventGate) _qemuEventSinks.TryGetValue(qemuCallbackId, out sink);
                    sink?.TryWrite(qemuEvent);
                }
            }
            else if (Decode(msg.Procedure, msg.Payload) is var (callbackId, evt))
            {
                ChannelWriter<DomainEvent>? sink;
                lock (_eventGate) _eventSinks.TryGetValue(callbackId, out sink);
                sink?.TryWrite(evt);
            }
            else if (VirObjectEvent.Decode(msg.Procedure, msg.Payload) is var (objectCallbackId, objectEvent))
            {
                ChannelWriter<VirObjectEvent>? sink;
                lock (_eventGate) _objectEventSinks.TryGetValue((objectEvent.Kind, objectCallbackId), out sink);
                sink?.TryWrite(objectEvent);
            }
        }
        lock (_eventGate)
        {
            foreach (var sink in _eventSinks.Values) sink.TryComplete();
            foreach (var sink in _objectEventSinks.Values) sink.TryComplete();
            foreach (var sink in _qemuEventSinks.Values) sink.TryComplete();
        }
    }

    /// <summary>Decodes a callback event message; null for messages that are not domain callback events.</summary>
    internal static (int CallbackId, DomainEvent Event)? Decode(RemoteProcedure proc, byte[] payload)
    {
        var r = new XdrReader(payload);
        try
        {
            switch (proc)
            {
                case RemoteProcedure.DomainEventCallbackLifecycle:
                    var l = LifecycleEventMsg.Decode(ref r);
                    return (l.CallbackId, new LifecycleEvent(l.Dom, (LifecycleEventType)l.Event, l.Detail));
                case RemoteProcedure.DomainEventCallbackReboot:
                    var rb = DomainOnlyEventMsg.Decode(ref r);
                    return (rb.CallbackId, new RebootEvent(rb.Dom));
                case RemoteProcedure.DomainEventCallbackRtcChange:
                    var rtc = RtcChangeEventMsg.Decode(ref r);
                    return (rtc.CallbackId, new RtcChangeEvent(rtc.Dom, rtc.Offset));
                case RemoteProcedure.DomainEventCallbackWatchdog:
                    var w = DomainIntEventMsg.Decode(ref r);
                    return (w.CallbackId, new WatchdogEvent(w.Dom, w.Value));
                case RemoteProcedure.DomainEventCallbackIoError:
                    var io = IoErrorEventMsg.Decode(ref r);
                    return (io.CallbackId, new IoErrorEvent(io.Dom, io.SrcPath, io.DevAlias, io.Action));
                case RemoteProcedure.DomainEventCallbackIoErrorReason:
                    var ior = IoErrorEventMsg.DecodeWithReason(ref r);
                    return (ior.CallbackId, new IoErrorReasonEvent(ior.Dom, ior.SrcPath, ior.DevAlias, ior.Action, ior.Reason ?? ""));
                case RemoteProcedure.DomainEventCallbackTrayChange:
                    var tray = TrayChangeEventMsg.Decode(ref r);
                    return (tray.CallbackId, new TrayChangeEvent(tray.Dom, tray.DevAlias, tray.Reason));
                case RemoteProcedure.DomainEventCallbackGraphics:
                    var g = GraphicsEventMsg.Decode(ref r);
                    return (g.CallbackId, new GraphicsEvent(g.Dom, g.Phase, new(g.Local.Family, g.Local.Node, g.Local.Service),
                        new(g.Remote.Family, g.Remote.Node, g.Remote.Service), g.AuthScheme, g.Subject));
                case RemoteProcedure.DomainEventCallbackBalloonChange:
                    var b = BalloonChangeEventMsg.Decode(ref r);
                    return (b.CallbackId, new BalloonChangeEvent(b.Dom, b.Actual));
                case RemoteProcedure.DomainEventCallbackDeviceRemoved:
                    var dr = DeviceAliasEventMsg.Decode(ref r);
                    return (dr.CallbackId, new DeviceRemovedEvent(dr.Dom, dr.DevAlias));
                case RemoteProcedure.DomainEventCallbackDeviceAdded:
                    var da = DeviceAliasEventMsg.Decode(ref r);
                    return (da.CallbackId, new DeviceAddedEvent(da.Dom, da.DevAlias));
                case RemoteProcedure.DomainEventBlockJob2:
                    var bj = BlockJobEventMsg.Decode(ref r);
                    return (bj.CallbackId, new BlockJobEvent(bj.Dom, bj.Disk, bj.Type, bj.Status));
                case RemoteProcedure.DomainEventCallbackTunable:
                    var t = ParamsEventMsg.Decode(ref r);
                    return (t.CallbackId, new TunableEvent(t.Dom, t.Params));
                case RemoteProcedure.DomainEventCallbackJobCompleted:
                    var jc = ParamsEventMsg.DecodeJobCompleted(ref r);
                    return (jc.CallbackId, new JobCompletedEvent(jc.Dom, jc.Params));
                case RemoteProcedure.DomainEventCallbackAgentLifecycle:
                    var a = AgentLifecycleEventMsg.Decode(ref r);
                    return (a.CallbackId, new AgentLifecycleEvent(a.Dom, a.State, a.Reason));
                case RemoteProcedure.DomainEventCallbackMetadataChange:
                    var m = MetadataChangeEventMsg.Decode(ref r);
                    return (m.CallbackId, new MetadataChangeEvent(m.Dom, m.Type, m.NsUri));
                case RemoteProcedure.DomainEventBlockThreshold:
                    var th = BlockThresholdEventMsg.Decode(ref r);
                    return (th.CallbackId, new BlockThresholdEvent(th.Dom, th.Dev, th.Path, th.Threshold, th.Excess));
                default:
                    var id = Array.IndexOf(Vireo.Rpc.Server.EventEncoder.ProcedureByEventId, proc);
                    if (id < 0) return null;
                    // Every callback message starts with callbackID; most continue with the domain.
                    var cb = r.ReadInt();
                    if (proc is RemoteProcedure.DomainEventCallbackPmWakeup or RemoteProcedure.DomainEventCallbackPmSuspend
                        or RemoteProcedure.DomainEventCallbackPmSuspendDisk) r.ReadInt();
                    return (cb, new OtherDomainEvent(r.ReadDomain(), id, proc));
            }
        }
        catch (XdrException)
        {
            return null;
        }
    }
}
