using Vireo.Core.State;

namespace Vireo.Snmp.Mib;

/// <summary>
/// How our domain states appear in libvirtGuestState. libvirt-snmp copies libvirt's number through, so
/// NOSTATE (0) and PMSUSPENDED (7) leak out as values the MIB does not define; we map every state into
/// the MIB's 1..6 explicitly.
/// </summary>
public static class GuestStateMap
{
    public static GuestState FromDomainState(DomainState state) => state switch
    {
        DomainState.Running => GuestState.Running,
        DomainState.Blocked => GuestState.Blocked,
        DomainState.Paused => GuestState.Paused,
        // Suspended to RAM: the guest is not executing and resumes where it was, which is what "paused" says.
        DomainState.PmSuspended => GuestState.Paused,
        DomainState.Shutdown => GuestState.Shutdown,
        DomainState.Shutoff => GuestState.Shutoff,
        DomainState.Crashed => GuestState.Crashed,
        // Unknown: the MIB has no such value; shutoff is the one that promises nothing is running.
        _ => GuestState.Shutoff,
    };

    /// <summary>
    /// The state a lifecycle event leaves the guest in, or null when the event does not say (DEFINED keeps
    /// whatever run state the domain has). Taking it from the event rather than re-reading the domain keeps
    /// a quick start-then-destroy from producing two traps with the same state.
    /// </summary>
    public static GuestState? AfterEvent(LifecycleEventType type) => type switch
    {
        LifecycleEventType.Started => GuestState.Running,
        LifecycleEventType.Resumed => GuestState.Running,
        LifecycleEventType.Suspended => GuestState.Paused,
        LifecycleEventType.PmSuspended => GuestState.Paused,
        LifecycleEventType.Shutdown => GuestState.Shutdown,
        LifecycleEventType.Stopped => GuestState.Shutoff,
        LifecycleEventType.Crashed => GuestState.Crashed,
        LifecycleEventType.Undefined => GuestState.Shutoff,
        _ => null,
    };

    /// <summary>The RowStatus libvirt-snmp puts in a notification: notInService for the down states.</summary>
    public static RowStatus NotificationRowStatus(GuestState state) =>
        state is GuestState.Shutdown or GuestState.Shutoff or GuestState.Crashed ? RowStatus.NotInService : RowStatus.Active;
}
