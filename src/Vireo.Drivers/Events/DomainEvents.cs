using Vireo.Core.Params;
using Vireo.Core.State;

namespace Vireo.Drivers.Events;

/// <summary>Something that happened to a domain. Every edge (RPC callbacks, REST stream, SNMP traps) reads these.</summary>
public abstract record DomainEvent(DomainRef Domain)
{
    /// <summary>libvirt's virDomainEventID of this kind of event.</summary>
    public abstract int EventId { get; }
}

/// <summary>VIR_DOMAIN_EVENT_ID_LIFECYCLE.</summary>
public sealed record LifecycleEvent(DomainRef Domain, LifecycleEventType Type, int Detail) : DomainEvent(Domain)
{
    public override int EventId => 0;
}

/// <summary>VIR_DOMAIN_EVENT_ID_REBOOT.</summary>
public sealed record RebootEvent(DomainRef Domain) : DomainEvent(Domain)
{
    public override int EventId => 1;
}

/// <summary>VIR_DOMAIN_EVENT_ID_RTC_CHANGE: offset in seconds.</summary>
public sealed record RtcChangeEvent(DomainRef Domain, long Offset) : DomainEvent(Domain)
{
    public override int EventId => 2;
}

/// <summary>VIR_DOMAIN_EVENT_ID_PMWAKEUP: the guest woke from a suspend to RAM (reason is always 0 in libvirt 9.0).</summary>
public sealed record PmWakeupEvent(DomainRef Domain, int Reason = 0) : DomainEvent(Domain)
{
    public override int EventId => 11;
}

/// <summary>VIR_DOMAIN_EVENT_ID_PMSUSPEND: the guest suspended itself to RAM (reason is always 0 in libvirt 9.0).</summary>
public sealed record PmSuspendEvent(DomainRef Domain, int Reason = 0) : DomainEvent(Domain)
{
    public override int EventId => 12;
}

/// <summary>VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2: disk target, virDomainBlockJobType, virConnectDomainEventBlockJobStatus.</summary>
public sealed record BlockJobEvent(DomainRef Domain, string Disk, int JobType, int Status) : DomainEvent(Domain)
{
    public override int EventId => 16;
}

/// <summary>VIR_DOMAIN_EVENT_ID_BLOCK_JOB: the same as BLOCK_JOB_2 but naming the disk by its image path (virsh waits on either).</summary>
public sealed record BlockJobPathEvent(DomainRef Domain, string Path, int JobType, int Status) : DomainEvent(Domain)
{
    public override int EventId => 8;
}

/// <summary>VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE: the balloon's new size in KiB.</summary>
public sealed record BalloonChangeEvent(DomainRef Domain, ulong ActualKiB) : DomainEvent(Domain)
{
    public override int EventId => 13;
}

/// <summary>VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED: the device alias.</summary>
public sealed record DeviceRemovedEvent(DomainRef Domain, string DeviceAlias) : DomainEvent(Domain)
{
    public override int EventId => 15;
}

/// <summary>VIR_DOMAIN_EVENT_ID_DEVICE_ADDED: the device alias.</summary>
public sealed record DeviceAddedEvent(DomainRef Domain, string DeviceAlias) : DomainEvent(Domain)
{
    public override int EventId => 19;
}

/// <summary>VIR_DOMAIN_EVENT_ID_TUNABLE: the changed parameters (cputune.vcpupin0, numatune.memory_nodeset, ...).</summary>
public sealed record TunableEvent(DomainRef Domain, IReadOnlyList<TypedParameter> Params) : DomainEvent(Domain)
{
    public override int EventId => 17;
}

/// <summary>VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE: state 1 connected / 2 disconnected, reason per libvirt.</summary>
public sealed record AgentLifecycleEvent(DomainRef Domain, int State, int Reason) : DomainEvent(Domain)
{
    public override int EventId => 18;
}

/// <summary>VIR_DOMAIN_EVENT_ID_WATCHDOG: virDomainEventWatchdogAction.</summary>
public sealed record WatchdogEvent(DomainRef Domain, int Action) : DomainEvent(Domain)
{
    public override int EventId => 3;
}

/// <summary>VIR_DOMAIN_EVENT_ID_METADATA_CHANGE: virDomainMetadataType, and the namespace URI of a changed element.</summary>
public sealed record MetadataChangeEvent(DomainRef Domain, int Type, string? NsUri) : DomainEvent(Domain)
{
    public override int EventId => 23;
}

/// <summary>VIR_DOMAIN_EVENT_ID_JOB_COMPLETED: the statistics of the long job that just finished (save, managedsave, backup), as domjobinfo --completed reports them.</summary>
public sealed record JobCompletedEvent(DomainRef Domain, IReadOnlyList<TypedParameter> Params) : DomainEvent(Domain)
{
    public override int EventId => 21;
}
