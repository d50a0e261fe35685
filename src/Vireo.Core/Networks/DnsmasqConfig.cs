using System.Globalization;
using System.Text;

namespace Vireo.Core.Networks;

/// <summary>
/// dnsmasq's configuration for a network Vireo runs: DNS and DHCP on the bridge only, as libvirt's
/// network driver configures its dnsmasq (bind-dynamic to the bridge, the ranges and static hosts of the
/// &lt;dhcp&gt;, authoritative, one lease per address), with the lease file where net-dhcp-leases reads it.
/// Pure: text from a definition and its run files.
/// </summary>
public static class DnsmasqConfig
{
    public static string Format(NetworkDef def, NetworkRunFiles files)
    {
        var bridge = def.Bridge ?? throw new ArgumentException("a network dnsmasq serves has a bridge", nameof(def));
        var sb = new StringBuilder();
        sb.Append("# Written by Vireo for network '").Append(def.Name).Append("' at every start: edits are overwritten.\n");
        sb.Append("strict-order\n");
        sb.Append("pid-file=").Append(files.DnsmasqPid).Append('\n');
        sb.Append("except-interface=lo\n");
        sb.Append("bind-dynamic\n");
        sb.Append("interface=").Append(bridge).Append('\n');
        if (def.DnsEnabled == false) sb.Append("port=0\n");
        if (def.DomainName is { } domain)
            sb.Append("local=/").Append(domain).Append("/\ndomain=").Append(domain).Append("\nexpand-hosts\n");
        if (def.Ipv4 is { Dhcp: { } dhcp } ip)
        {
            var (_, netmask) = NetworkServicesXml.Subnet(ip);
            foreach (var r in dhcp.Ranges)
                sb.Append("dhcp-range=").Append(r.Start).Append(',').Append(r.End).Append(',').Append(netmask).Append('\n');
            if (dhcp.Ranges.Count == 0 && dhcp.Hosts.Count > 0)
                sb.Append("dhcp-range=").Append(NetworkServicesXml.Subnet(ip).Network).Append(",static,").Append(netmask).Append('\n');
            sb.Append("dhcp-no-override\ndhcp-authoritative\n");
            sb.Append("dhcp-lease-max=").Append(LeaseMax(dhcp).ToString(CultureInfo.InvariantCulture)).Append('\n');
            // In the configuration itself, which dnsmasq reads as root: a hosts file is re-read as "nobody" after the
            // drop of privileges, which cannot enter the daemon's private run directory.
            foreach (var h in dhcp.Hosts)
                sb.Append("dhcp-host=").Append(h.Mac is { } mac ? $"{mac},{h.Ip}{(h.Name is { } n ? "," + n : "")}" : $"{h.Name},{h.Ip}").Append('\n');
        }
        sb.Append("dhcp-leasefile=").Append(files.Leases).Append('\n');
        return sb.ToString();
    }

    /// <summary>Every address the ranges can hand out plus the static hosts, as libvirt counts dhcp-lease-max.</summary>
    private static long LeaseMax(NetworkDhcp dhcp) =>
        dhcp.Ranges.Sum(r => (long)NetworkServicesXml.ToUInt(r.End) - NetworkServicesXml.ToUInt(r.Start) + 1) + dhcp.Hosts.Count;
}
