using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;

namespace Vireo.Core.Networks;

/// <summary>
/// The parts of libvirt's network XML that describe what Vireo runs besides the bridge: &lt;forward&gt;'s
/// &lt;nat&gt; port range, &lt;domain&gt;, &lt;dns enable&gt; and an &lt;ip&gt;'s &lt;dhcp&gt;. Parsed and printed as
/// libvirtd 9.0 prints them (net-define then net-dumpxml); what Vireo does not run goes to the definition's
/// unsupported list, so define refuses it instead of ignoring it. Pure.
/// </summary>
internal static class NetworkServicesXml
{
    public static NatPortRange? NatPorts(XElement forward, string network, List<string> unsupported)
    {
        NatPortRange? ports = null;
        foreach (var child in forward.Elements())
        {
            if (child.Name.LocalName != "nat") { unsupported.Add("<forward> with devices"); continue; }
            foreach (var n in child.Elements())
            {
                if (n.Name.LocalName != "port") { unsupported.Add($"<{n.Name.LocalName}> in <nat>"); continue; }
                var start = Port(n, "start", network);
                var end = Port(n, "end", network);
                if (start > end)
                    throw NetworkErrors.Xml($"Invalid port range '{start}-{end}' in <nat> of network '{network}': the start is after the end");
                ports = new NatPortRange(start, end);
            }
            foreach (var a in child.Attributes()) unsupported.Add($"<nat {a.Name.LocalName}>");
        }
        return ports;
    }

    public static string? DomainName(XElement root, List<string> unsupported)
    {
        if (root.Element("domain") is not { } domain) return null;
        foreach (var a in domain.Attributes().Where(a => a.Name.LocalName != "name")) unsupported.Add($"<domain {a.Name.LocalName}>");
        return (string?)domain.Attribute("name");
    }

    public static bool? DnsEnabled(XElement root, string network, List<string> unsupported)
    {
        if (root.Element("dns") is not { } dns) return null;
        if (dns.HasElements || dns.Attributes().Any(a => a.Name.LocalName != "enable")) unsupported.Add("<dns> with records or forwarders");
        return (string?)dns.Attribute("enable") switch
        {
            null => null,
            "yes" => true,
            "no" => false,
            var v => throw NetworkErrors.Xml($"Invalid dns enable setting '{v}' in network '{network}'"),
        };
    }

    /// <summary>The &lt;dhcp&gt; of one &lt;ip&gt; (its address and prefix already checked), or null.</summary>
    public static NetworkDhcp? Dhcp(XElement ip, NetworkIp address, string network, List<string> unsupported)
    {
        foreach (var child in ip.Elements().Where(e => e.Name.LocalName != "dhcp")) unsupported.Add($"<{child.Name.LocalName}> in <ip>");
        if (ip.Element("dhcp") is not { } dhcp) return null;
        if (address.Family == "ipv6") { unsupported.Add("<dhcp> in an IPv6 <ip>"); return null; }
        var ranges = new List<DhcpRange>();
        var hosts = new List<DhcpHost>();
        foreach (var e in dhcp.Elements())
        {
            switch (e.Name.LocalName)
            {
                case "range":
                    if (e.HasElements) unsupported.Add("<lease> in a DHCP <range>");
                    var start = InSubnet(e, "start", address, network);
                    var end = InSubnet(e, "end", address, network);
                    if (ToUInt(start) > ToUInt(end))
                        throw NetworkErrors.Xml($"DHCP range '{start}' to '{end}' in network '{network}' ends before it starts");
                    ranges.Add(new DhcpRange(start, end));
                    break;
                case "host":
                    if (e.HasElements) unsupported.Add("<lease> in a DHCP <host>");
                    var mac = ((string?)e.Attribute("mac"))?.ToLowerInvariant();
                    var name = (string?)e.Attribute("name");
                    if (mac is null && name is null)
                        throw NetworkErrors.Xml($"A static DHCP <host> in network '{network}' needs a mac or a name");
                    if (e.Attribute("ip") is null)
                        throw NetworkErrors.Xml($"The static DHCP <host> {mac ?? name} in network '{network}' has no ip address");
                    hosts.Add(new DhcpHost(mac, name, InSubnet(e, "ip", address, network)));
                    break;
                default:
                    unsupported.Add($"<{e.Name.LocalName}> in <dhcp>");
                    break;
            }
        }
        return new NetworkDhcp(ranges, hosts);
    }

    public static void FormatForward(StringBuilder sb, NetworkDef def)
    {
        if (def.ForwardModeText is not { } mode) return;
        sb.Append("  <forward mode='").Append(Escape(mode)).Append('\'');
        if (def.NatPorts is not { } p) { sb.Append("/>\n"); return; }
        sb.Append(">\n    <nat>\n      <port start='").Append(p.Start.ToString(CultureInfo.InvariantCulture))
            .Append("' end='").Append(p.End.ToString(CultureInfo.InvariantCulture)).Append("'/>\n    </nat>\n  </forward>\n");
    }

    /// <summary>&lt;domain&gt; and &lt;dns&gt;, which libvirt prints after &lt;mac&gt; and before the addresses.</summary>
    public static void FormatDomainAndDns(StringBuilder sb, NetworkDef def)
    {
        if (def.DomainName is { } domain) sb.Append("  <domain name='").Append(Escape(domain)).Append("'/>\n");
        if (def.DnsEnabled is { } dns) sb.Append("  <dns enable='").Append(dns ? "yes" : "no").Append("'/>\n");
    }

    public static void FormatDhcp(StringBuilder sb, NetworkDhcp? dhcp)
    {
        if (dhcp is null) return;
        sb.Append("    <dhcp>\n");
        foreach (var r in dhcp.Ranges) sb.Append("      <range start='").Append(r.Start).Append("' end='").Append(r.End).Append("'/>\n");
        foreach (var h in dhcp.Hosts)
        {
            sb.Append("      <host");
            if (h.Mac is { } mac) sb.Append(" mac='").Append(mac).Append('\'');
            if (h.Name is { } name) sb.Append(" name='").Append(Escape(name)).Append('\'');
            sb.Append(" ip='").Append(h.Ip).Append("'/>\n");
        }
        sb.Append("    </dhcp>\n");
    }

    /// <summary>The network address and netmask of an IPv4 &lt;ip&gt; (e.g. 10.77.0.0 and 255.255.255.0 for 10.77.0.1/24).</summary>
    public static (string Network, string Netmask) Subnet(NetworkIp ip)
    {
        var mask = ip.PrefixLength == 0 ? 0u : uint.MaxValue << (32 - ip.PrefixLength);
        return (FromUInt(ToUInt(ip.Address) & mask), FromUInt(mask));
    }

    public static uint ToUInt(string ipv4)
    {
        var b = IPAddress.Parse(ipv4).GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    private static string FromUInt(uint v) => new IPAddress([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]).ToString();

    private static string InSubnet(XElement e, string attribute, NetworkIp ip, string network)
    {
        var text = (string?)e.Attribute(attribute);
        if (text is null || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            throw NetworkErrors.Xml($"Invalid IPv4 address '{text}' for {attribute} of DHCP <{e.Name.LocalName}> in network '{network}'");
        var (net, mask) = Subnet(ip);
        if ((ToUInt(text) & ToUInt(mask)) != ToUInt(net))
            throw NetworkErrors.Xml($"DHCP address '{text}' in network '{network}' is outside the network's subnet {net}/{ip.PrefixLength}");
        return parsed.ToString();
    }

    private static int Port(XElement e, string attribute, string network) =>
        int.TryParse((string?)e.Attribute(attribute), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v is > 0 and <= 65535 ? v
            : throw NetworkErrors.Xml($"Invalid port {attribute} '{(string?)e.Attribute(attribute)}' in <nat> of network '{network}': a port is 1 to 65535");

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("'", "&apos;");
}
