using System.Globalization;
using System.Text;

namespace Vireo.Core.Networks;

/// <summary>
/// The nftables rules of a forwarding network, one table per network so that starting and stopping it adds
/// and removes exactly its own rules. What they allow is what libvirt's iptables rules allow:
/// <list type="bullet">
/// <item>nat: guests' traffic from the network's subnet out (masqueraded, TCP and UDP from the &lt;nat&gt;
/// port range, 1024-65535 by default, except to multicast 224.0.0.0/24 and broadcast), replies back in,
/// and traffic between guests on the bridge; anything else through the bridge is rejected;</item>
/// <item>route: the subnet out and anything to the subnet in, not masqueraded (the next router needs a route
/// back);</item>
/// <item>open: no rules at all (libvirt's meaning of 'open').</item>
/// </list>
/// Pure: nft script text from a definition.
/// </summary>
public static class NetworkFirewall
{
    /// <summary>The table's name: "vireo_" and the bridge name, with anything nft does not take in a name as _xx (hex).</summary>
    public static string TableName(NetworkDef def)
    {
        var sb = new StringBuilder("vireo_");
        foreach (var c in def.Bridge ?? throw new ArgumentException("a forwarding network has a bridge", nameof(def)))
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else sb.Append('_').Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>True when the network needs rules (nat, route); isolated, open and host-bridge networks have none.</summary>
    public static bool Applies(NetworkDef def) => def.Forward is NetworkForwardMode.Nat or NetworkForwardMode.Route && def.Ipv4 is not null;

    /// <summary>An nft script that creates the table (run with `nft -f`); the table must not exist yet.</summary>
    public static string Ruleset(NetworkDef def)
    {
        var ip = def.Ipv4 ?? throw new ArgumentException("a forwarding network has an IPv4 address", nameof(def));
        var bridge = def.Bridge!;
        var (network, _) = NetworkServicesXml.Subnet(ip);
        var subnet = $"{network}/{ip.PrefixLength.ToString(CultureInfo.InvariantCulture)}";
        var nat = def.Forward == NetworkForwardMode.Nat;
        var sb = new StringBuilder();
        sb.Append("# Vireo: <forward mode='").Append(def.ForwardModeText).Append("'> of network '").Append(def.Name).Append("'\n");
        sb.Append("table ip ").Append(TableName(def)).Append(" {\n");
        sb.Append("  chain forward {\n");
        sb.Append("    type filter hook forward priority filter; policy accept;\n");
        sb.Append("    iifname \"").Append(bridge).Append("\" oifname \"").Append(bridge).Append("\" accept\n");
        sb.Append("    iifname \"").Append(bridge).Append("\" ip saddr ").Append(subnet).Append(" accept\n");
        sb.Append("    oifname \"").Append(bridge).Append("\" ip daddr ").Append(subnet).Append(nat ? " ct state related,established" : "").Append(" accept\n");
        sb.Append("    iifname \"").Append(bridge).Append("\" reject\n");
        sb.Append("    oifname \"").Append(bridge).Append("\" reject\n");
        sb.Append("  }\n");
        if (nat)
        {
            var ports = def.NatPorts ?? new NatPortRange(1024, 65535);
            var from = $"ip saddr {subnet}";
            sb.Append("  chain postrouting {\n");
            sb.Append("    type nat hook postrouting priority srcnat; policy accept;\n");
            sb.Append("    ").Append(from).Append(" ip daddr 224.0.0.0/24 return\n");
            sb.Append("    ").Append(from).Append(" ip daddr 255.255.255.255 return\n");
            sb.Append("    ").Append(from).Append(" ip daddr != ").Append(subnet).Append(" meta l4proto { tcp, udp } masquerade to :")
                .Append(ports.Start.ToString(CultureInfo.InvariantCulture)).Append('-').Append(ports.End.ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("    ").Append(from).Append(" ip daddr != ").Append(subnet).Append(" masquerade\n");
            sb.Append("  }\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }
}
