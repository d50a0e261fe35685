using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Formatting;

/// <summary>virsh 9.0's layouts for domifaddr, domfsinfo and guestinfo, and its names of the address sources. Pure.</summary>
public static class GuestAgentFormat
{
    /// <summary>virsh domifaddr --source: lease (the default), agent or arp; virsh's refusal of anything else.</summary>
    public static InterfaceAddressSource Source(string? text) => text switch
    {
        null or "lease" => InterfaceAddressSource.Lease,
        "agent" => InterfaceAddressSource.Agent,
        "arp" => InterfaceAddressSource.Arp,
        _ => throw new Infrastructure.CliError($"Unknown data source '{text}'"),
    };

    /// <summary>
    /// domifaddr's table: a row per address (an interface without one gets "N/A"), the name and MAC only on an
    /// interface's first row unless <paramref name="full"/>; <paramref name="only"/> keeps the interface of that name.
    /// </summary>
    public static string DomIfAddr(IReadOnlyList<GuestInterface> ifaces, bool full, string? only)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append($" {"Name",-10} {"MAC address",-20} {"Protocol",-8}     Address\n").Append('-', 79).Append('\n');
        foreach (var iface in ifaces)
        {
            if (only is not null && iface.Name != only) continue;
            var mac = iface.HardwareAddress ?? "";
            if (iface.Addresses.Count == 0)
            {
                sb.Append(Row(iface.Name, mac, "N/A", "N/A"));
                continue;
            }
            for (var j = 0; j < iface.Addresses.Count; j++)
            {
                var a = iface.Addresses[j];
                var type = a.Type == GuestIpAddressType.IPv4 ? "ipv4" : "ipv6";
                sb.Append(full || j == 0 ? Row(iface.Name, mac, type, $"{a.Address}/{a.Prefix}") : Row("-", "-", type, $"{a.Address}/{a.Prefix}"));
            }
        }
        return sb.ToString();
    }

    private static string Row(string name, string mac, string type, string address) => $" {name,-10} {mac,-17}    {type,-12} {address}\n";

    /// <summary>domfsinfo's table (Target: the disk targets joined with commas), or virsh's sentence (no newline of its own: the blank line after the command ends it) when nothing is mounted.</summary>
    public static string DomFsInfo(IReadOnlyList<GuestFileSystem> fss) => fss.Count == 0
        ? "No filesystems are mounted in the domain"
        : VshTable.Format(["Mountpoint", "Name", "Type", "Target"],
            fss.Select(f => (IReadOnlyList<string>)[f.MountPoint, f.Name, f.FsType, string.Join(',', f.DiskTargets)]));

    /// <summary>guestinfo: "%-20s: %s" per parameter, booleans as yes/no.</summary>
    public static string GuestInfo(IReadOnlyList<TypedParameter> ps) => string.Concat(ps.Select(p => $"{p.Field,-20}: {p}\n"));

    /// <summary>virsh guestvcpus: "%-15s: %s" per parameter (vcpus, online, offlinable).</summary>
    public static string GuestVcpus(IReadOnlyList<TypedParameter> ps) => string.Concat(ps.Select(p => $"{p.Field,-15}: {p}\n"));
}
