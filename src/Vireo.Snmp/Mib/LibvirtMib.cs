using Vireo.Snmp.AgentX;

namespace Vireo.Snmp.Mib;

/// <summary>
/// The OIDs of LIBVIRT-MIB (libvirt's enterprise number 36957), served unchanged so existing
/// libvirt-snmp users' managers and MIB files keep working. See mibs/VIREO-LIBVIRT-MIB.txt.
/// </summary>
public static class LibvirtMib
{
    /// <summary>libvirtMIB: enterprises.36957.</summary>
    public static readonly Oid Root = Oid.Parse("1.3.6.1.4.1.36957");

    /// <summary>libvirtGuestNotif, the one notification (RFC 4181 layout: under .0).</summary>
    public static readonly Oid GuestNotification = Root.Append(0, 1);

    /// <summary>libvirtGuestTable: the subtree we register with the master, as libvirt-snmp does.</summary>
    public static readonly Oid GuestTable = Root.Append(1, 1);

    /// <summary>libvirtGuestEntry: cells are GuestEntry.column.index.</summary>
    public static readonly Oid GuestEntry = GuestTable.Append(1);

    /// <summary>sysUpTime.0 (SNMPv2-MIB).</summary>
    public static readonly Oid SysUpTime0 = Oid.Parse("1.3.6.1.2.1.1.3.0");

    /// <summary>snmpTrapOID.0 (SNMPv2-MIB).</summary>
    public static readonly Oid SnmpTrapOid0 = Oid.Parse("1.3.6.1.6.3.1.1.4.1.0");

    /// <summary>Number of sub-identifiers in a guest index: the 16 UUID bytes, fixed size, so no length prefix (RFC 2578 §7.7).</summary>
    public const int IndexLength = 16;

    /// <summary>The cell OID of a column for a guest.</summary>
    public static Oid Cell(GuestColumn column, ReadOnlySpan<byte> uuidBytes)
    {
        Span<uint> tail = stackalloc uint[1 + IndexLength];
        tail[0] = (uint)column;
        for (int i = 0; i < IndexLength; i++) tail[1 + i] = uuidBytes[i];
        return GuestEntry.Append(tail);
    }

    /// <summary>The 16 index bytes of a guest: the UUID in RFC 4122 (big-endian) order, as libvirt puts it on the wire.</summary>
    public static byte[] IndexBytes(Guid uuid) => uuid.ToByteArray(bigEndian: true);

    /// <summary>
    /// Splits a cell OID into column and UUID. False when the OID is not GuestEntry.column.index with a
    /// 16-byte index whose sub-identifiers are all bytes.
    /// </summary>
    public static bool TryParseCell(Oid name, out uint column, out Guid uuid)
    {
        column = 0;
        uuid = Guid.Empty;
        if (!name.StartsWith(GuestEntry) || name.Length != GuestEntry.Length + 1 + IndexLength) return false;
        column = name[GuestEntry.Length];
        Span<byte> bytes = stackalloc byte[IndexLength];
        for (int i = 0; i < IndexLength; i++)
        {
            uint b = name[GuestEntry.Length + 1 + i];
            if (b > 255) return false;
            bytes[i] = (byte)b;
        }
        uuid = new Guid(bytes, bigEndian: true);
        return true;
    }
}

/// <summary>The columns of libvirtGuestEntry. Column 8 does not exist in LIBVIRT-MIB.</summary>
public enum GuestColumn : uint
{
    /// <summary>accessible-for-notify: appears only in notifications, never in Get/GetNext answers.</summary>
    Uuid = 1,
    Name = 2,
    State = 3,
    CpuCount = 4,
    MemoryCurrent = 5,
    MemoryLimit = 6,
    CpuTime = 7,
    RowStatus = 9,
}

/// <summary>libvirtGuestState's enumeration.</summary>
public enum GuestState
{
    Running = 1,
    Blocked = 2,
    Paused = 3,
    Shutdown = 4,
    Shutoff = 5,
    Crashed = 6,
}

/// <summary>RowStatus (RFC 2579).</summary>
public enum RowStatus
{
    Active = 1,
    NotInService = 2,
    NotReady = 3,
    CreateAndGo = 4,
    CreateAndWait = 5,
    Destroy = 6,
}
