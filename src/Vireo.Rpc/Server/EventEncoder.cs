using Vireo.Drivers.Events;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Server;

/// <summary>Turns a driver event into the *_CALLBACK_* message libvirtd sends for it.</summary>
public static class EventEncoder
{
    /// <summary>The procedure of each event id's callback message (index = virDomainEventID).</summary>
    public static readonly RemoteProcedure[] ProcedureByEventId =
    [
        RemoteProcedure.DomainEventCallbackLifecycle, RemoteProcedure.DomainEventCallbackReboot,
        RemoteProcedure.DomainEventCallbackRtcChange, RemoteProcedure.DomainEventCallbackWatchdog,
        RemoteProcedure.DomainEventCallbackIoError, RemoteProcedure.DomainEventCallbackGraphics,
        RemoteProcedure.DomainEventCallbackIoErrorReason, RemoteProcedure.DomainEventCallbackControlError,
        RemoteProcedure.DomainEventCallbackBlockJob, RemoteProcedure.DomainEventCallbackDiskChange,
        RemoteProcedure.DomainEventCallbackTrayChange, RemoteProcedure.DomainEventCallbackPmWakeup,
        RemoteProcedure.DomainEventCallbackPmSuspend, RemoteProcedure.DomainEventCallbackBalloonChange,
        RemoteProcedure.DomainEventCallbackPmSuspendDisk, RemoteProcedure.DomainEventCallbackDeviceRemoved,
        RemoteProcedure.DomainEventBlockJob2, RemoteProcedure.DomainEventCallbackTunable,
        RemoteProcedure.DomainEventCallbackAgentLifecycle, RemoteProcedure.DomainEventCallbackDeviceAdded,
        RemoteProcedure.DomainEventCallbackMigrationIteration, RemoteProcedure.DomainEventCallbackJobCompleted,
        RemoteProcedure.DomainEventCallbackDeviceRemovalFailed, RemoteProcedure.DomainEventCallbackMetadataChange,
        RemoteProcedure.DomainEventBlockThreshold, RemoteProcedure.DomainEventMemoryFailure,
        RemoteProcedure.DomainEventMemoryDeviceSizeChange,
    ];

    /// <summary>Event messages always carry serial 1 (libvirtd hard-codes it).</summary>
    public static MessageHeader Header(RemoteProcedure proc) =>
        new(Programs.Remote, Programs.RemoteVersion, (int)proc, MessageType.Message, 1, MessageStatus.Ok);

    /// <summary>The message for one registration, or null for an event kind we have no wire form for.</summary>
    public static OutgoingMessage? TryEncode(DomainEvent evt, int callbackId) => evt switch
    {
        LifecycleEvent e => Build(RemoteProcedure.DomainEventCallbackLifecycle, new LifecycleEventMsg(callbackId, e.Domain, (int)e.Type, e.Detail)),
        RebootEvent e => Build(RemoteProcedure.DomainEventCallbackReboot, new DomainOnlyEventMsg(callbackId, e.Domain)),
        RtcChangeEvent e => Build(RemoteProcedure.DomainEventCallbackRtcChange, new RtcChangeEventMsg(callbackId, e.Domain, e.Offset)),
        IoErrorEvent e => Build(RemoteProcedure.DomainEventCallbackIoError, new IoErrorEventMsg(callbackId, e.Domain, e.SrcPath, e.DevAlias, e.Action, null)),
        IoErrorReasonEvent e => Build(RemoteProcedure.DomainEventCallbackIoErrorReason, new IoErrorEventMsg(callbackId, e.Domain, e.SrcPath, e.DevAlias, e.Action, e.Reason)),
        TrayChangeEvent e => Build(RemoteProcedure.DomainEventCallbackTrayChange, new TrayChangeEventMsg(callbackId, e.Domain, e.DevAlias, e.Reason)),
        GraphicsEvent e => Build(RemoteProcedure.DomainEventCallbackGraphics, new GraphicsEventMsg(callbackId, e.Domain, e.Phase,
            new GraphicsAddress(e.Local.Family, e.Local.Node, e.Local.Service), new GraphicsAddress(e.Remote.Family, e.Remote.Node, e.Remote.Service),
            e.AuthScheme, [.. e.Subject])),
        WatchdogEvent e => Build(RemoteProcedure.DomainEventCallbackWatchdog, new DomainIntEventMsg(callbackId, e.Domain, e.Action)),
        BalloonChangeEvent e => Build(RemoteProcedure.DomainEventCallbackBalloonChange, new BalloonChangeEventMsg(callbackId, e.Domain, e.ActualKiB)),
        DeviceRemovedEvent e => Build(RemoteProcedure.DomainEventCallbackDeviceRemoved, new DeviceAliasEventMsg(callbackId, e.Domain, e.DeviceAlias)),
        DeviceAddedEvent e => Build(RemoteProcedure.DomainEventCallbackDeviceAdded, new DeviceAliasEventMsg(callbackId, e.Domain, e.DeviceAlias)),
        BlockJobEvent e => Build(RemoteProcedure.DomainEventBlockJob2, new BlockJobEventMsg(callbackId, e.Domain, e.Disk, e.JobType, e.Status)),
        BlockJobPathEvent e => Build(RemoteProcedure.DomainEventCallbackBlockJob, new BlockJobEventMsg(callbackId, e.Domain, e.Path, e.JobType, e.Status)),
        TunableEvent e => Build(RemoteProcedure.DomainEventCallbackTunable, new ParamsEventMsg(callbackId, e.Domain, e.Params)),
        JobCompletedEvent e => Build(RemoteProcedure.DomainEventCallbackJobCompleted, new ParamsEventMsg(callbackId, e.Domain, e.Params)),
        AgentLifecycleEvent e => Build(RemoteProcedure.DomainEventCallbackAgentLifecycle, new AgentLifecycleEventMsg(callbackId, e.Domain, e.State, e.Reason)),
        PmWakeupEvent e => Build(RemoteProcedure.DomainEventCallbackPmWakeup, new PmEventMsg(callbackId, e.Reason, e.Domain)),
        PmSuspendEvent e => Build(RemoteProcedure.DomainEventCallbackPmSuspend, new PmEventMsg(callbackId, e.Reason, e.Domain)),
        MetadataChangeEvent e => Build(RemoteProcedure.DomainEventCallbackMetadataChange, new MetadataChangeEventMsg(callbackId, e.Domain, e.Type, e.NsUri)),
        BlockThresholdEvent e => Build(RemoteProcedure.DomainEventBlockThreshold, new BlockThresholdEventMsg(callbackId, e.Domain, e.Dev, e.Path, e.Threshold, e.Excess)),
        _ => null,
    };

    private static OutgoingMessage Build<T>(RemoteProcedure proc, T body) where T : IXdrEncodable => MessageBuilder.Build(Header(proc), body);
}
