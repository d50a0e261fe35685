using Vireo.Snmp.AgentX;

namespace Vireo.Snmp.Mib;

/// <summary>
/// libvirtGuestNotif as libvirt-snmp sends it: snmpTrapOID.0, then libvirtGuestName, UUID, State and
/// RowStatus, each with the instance ".0" (not the row index; libvirt-snmp's compatibility quirk, so
/// receivers read the UUID from varbind 4's value).
/// </summary>
public sealed record GuestNotification(Guid Uuid, string Name, GuestState State, RowStatus RowStatus)
{
    /// <summary>
    /// The Notify varbinds. sysUpTime.0 is left out on purpose: the master then inserts its own uptime
    /// (RFC 2741 §6.2.10), which is what receivers expect, rather than our process's age.
    /// </summary>
    public IReadOnlyList<VarBind> ToVarBinds() =>
    [
        VarBind.ObjectIdentifier(LibvirtMib.SnmpTrapOid0, LibvirtMib.GuestNotification),
        VarBind.OctetString(LibvirtMib.GuestEntry.Append((uint)GuestColumn.Name, 0), Name),
        VarBind.OctetString(LibvirtMib.GuestEntry.Append((uint)GuestColumn.Uuid, 0), LibvirtMib.IndexBytes(Uuid)),
        VarBind.Integer(LibvirtMib.GuestEntry.Append((uint)GuestColumn.State, 0), (int)State),
        VarBind.Integer(LibvirtMib.GuestEntry.Append((uint)GuestColumn.RowStatus, 0), (int)RowStatus),
    ];

    /// <summary>
    /// The notification for a lifecycle event. currentState is the domain's state as the table knows it,
    /// used when the event itself does not imply one (DEFINED). UNDEFINED reports shutoff with RowStatus
    /// destroy(6): libvirt-snmp sends nothing then (its state lookup fails), we tell receivers the row is gone.
    /// </summary>
    public static GuestNotification ForLifecycle(Core.State.LifecycleEventType type, Guid uuid, string name, GuestState? currentState)
    {
        var state = GuestStateMap.AfterEvent(type) ?? currentState ?? GuestState.Shutoff;
        var rowStatus = type == Core.State.LifecycleEventType.Undefined ? RowStatus.Destroy : GuestStateMap.NotificationRowStatus(state);
        return new GuestNotification(uuid, name, state, rowStatus);
    }
}
