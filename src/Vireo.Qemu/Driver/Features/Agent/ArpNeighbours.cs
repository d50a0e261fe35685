using System.Globalization;
using Vireo.Core.Domain;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Agent;

/// <summary>
/// virsh domifaddr --source arp: the host's neighbour table (/proc/net/arp of the namespace the guest's
/// taps live in) matched against the domain's MAC addresses, as libvirt builds it: one interface per
/// matching entry, named after the host device (vnet0), with one IPv4 address and prefix 0 (ARP does not
/// know it). Entries not yet resolved (no ATF_COM flag) are left out. Pure.
/// </summary>
internal static class ArpNeighbours
{
    private const int CompleteFlag = 0x2; // ATF_COM

    /// <summary>(IPv4 address, lower-case MAC) of every resolved entry of /proc/net/arp's text.</summary>
    public static IReadOnlyList<(string Ip, string Mac)> Parse(string procNetArp)
    {
        var entries = new List<(string, string)>();
        foreach (var line in procNetArp.Split('\n').Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 4) continue;
            if (!int.TryParse(f[2].Replace("0x", "", StringComparison.OrdinalIgnoreCase), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags)
                || (flags & CompleteFlag) == 0) continue;
            entries.Add((f[0], f[3].ToLowerInvariant()));
        }
        return entries;
    }

    public static IReadOnlyList<GuestInterface> Match(IEnumerable<InterfaceDef> nics, IReadOnlyList<(string Ip, string Mac)> table)
    {
        var result = new List<GuestInterface>();
        foreach (var nic in nics)
        {
            if (nic.Mac is not { } mac) continue;
            var text = mac.ToString().ToLowerInvariant();
            foreach (var (ip, entryMac) in table)
                if (entryMac == text)
                    result.Add(new GuestInterface(nic.TargetDev ?? "", text, [new GuestIpAddress(GuestIpAddressType.IPv4, ip, 0)]));
        }
        return result;
    }
}
