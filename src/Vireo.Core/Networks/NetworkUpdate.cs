using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Vireo.Core.Errors;

namespace Vireo.Core.Networks;

/// <summary>virNetworkUpdateCommand: what NETWORK_UPDATE does with the XML fragment.</summary>
public enum NetworkUpdateCommand : uint { None = 0, Modify = 1, Delete = 2, AddLast = 3, AddFirst = 4 }

/// <summary>virNetworkUpdateSection: which part of the definition the fragment is.</summary>
public enum NetworkUpdateSection : uint
{
    None = 0, Bridge = 1, Domain = 2, Ip = 3, IpDhcpHost = 4, IpDhcpRange = 5, Forward = 6, ForwardInterface = 7,
    ForwardPf = 8, Portgroup = 9, DnsHost = 10, DnsTxt = 11, DnsSrv = 12,
}

/// <summary>
/// virsh net-update on a definition: one &lt;host&gt; or &lt;range&gt; of an IPv4 &lt;dhcp&gt; added (first or last),
/// modified or deleted, matched and refused as libvirt 9.0's virNetworkDefUpdateSection does (the sentences
/// were checked against a sandboxed libvirtd). Pure: a new definition from the old one and the fragment.
/// </summary>
public static partial class NetworkUpdate
{
    public static NetworkDef Apply(NetworkDef def, NetworkUpdateCommand command, NetworkUpdateSection section, int parentIndex, string xml)
    {
        var fragment = Parse(xml);
        return section switch
        {
            NetworkUpdateSection.IpDhcpHost => UpdateHost(def, command, parentIndex, fragment),
            NetworkUpdateSection.IpDhcpRange => UpdateRange(def, command, parentIndex, fragment),
            // libvirt changes these in a definition, but Vireo runs none of them (forward interfaces, port groups,
            // DNS records) or, like libvirt, cannot change them on the fly (bridge, domain, ip, forward).
            _ => throw new VirException(VirErrorCode.OperationUnsupported, VirErrorDomain.Network,
                $"can't update '{SectionName(section)}' section of network '{def.Name}'"),
        };
    }

    /// <summary>virsh's word for a section (the one its net-update takes).</summary>
    public static string SectionName(NetworkUpdateSection section) => section switch
    {
        NetworkUpdateSection.Bridge => "bridge",
        NetworkUpdateSection.Domain => "domain",
        NetworkUpdateSection.Ip => "ip",
        NetworkUpdateSection.IpDhcpHost => "ip-dhcp-host",
        NetworkUpdateSection.IpDhcpRange => "ip-dhcp-range",
        NetworkUpdateSection.Forward => "forward",
        NetworkUpdateSection.ForwardInterface => "forward-interface",
        NetworkUpdateSection.ForwardPf => "forward pf",
        NetworkUpdateSection.Portgroup => "portgroup",
        NetworkUpdateSection.DnsHost => "dns-host",
        NetworkUpdateSection.DnsTxt => "dns-txt",
        NetworkUpdateSection.DnsSrv => "dns-srv",
        _ => "unknown",
    };

    private static NetworkDef UpdateHost(NetworkDef def, NetworkUpdateCommand command, int parentIndex, XElement e)
    {
        CheckElement(def, e, "host");
        var (index, ip) = DhcpIp(def, parentIndex);
        var hostsNow = ip.Dhcp?.Hosts ?? [];
        var host = ParseHost(def, e, partialOkay: command == NetworkUpdateCommand.Delete);
        var hosts = hostsNow.ToList();
        switch (command)
        {
            case NetworkUpdateCommand.Modify:
                var at = hosts.FindIndex(h => SameMac(host.Mac, h.Mac) || host.Ip == h.Ip || (host.Name is not null && host.Name == h.Name));
                if (at < 0)
                    throw Invalid($"couldn't locate an existing dhcp host entry with \"mac='{host.Mac ?? "unknown"}'\" \"name='{host.Name ?? "(null)"}'\" \"ip='{host.Ip}'\" in network '{def.Name}'");
                hosts[at] = host;
                break;
            case NetworkUpdateCommand.AddFirst or NetworkUpdateCommand.AddLast:
                if (hosts.Any(h => SameMac(host.Mac, h.Mac) || (host.Name is not null && host.Name == h.Name) || host.Ip == h.Ip))
                    throw Invalid($"there is an existing dhcp host entry in network '{def.Name}' that matches \"<host mac='{host.Mac ?? "unknown"}' name='{host.Name ?? "(null)"}' ip='{host.Ip}'/>\"");
                hosts.Insert(command == NetworkUpdateCommand.AddFirst ? 0 : hosts.Count, host);
                break;
            case NetworkUpdateCommand.Delete:
                // Every attribute given must match (a mac also matches a host kept by name only, as in libvirt).
                var gone = hosts.FindIndex(h => (host.Mac is null || h.Mac is null || SameMac(host.Mac, h.Mac))
                    && (host.Name is null || host.Name == h.Name) && (host.Ip.Length == 0 || host.Ip == h.Ip));
                if (gone < 0) throw Invalid($"couldn't locate a matching dhcp host entry in network '{def.Name}'");
                hosts.RemoveAt(gone);
                break;
            default:
                throw UnknownCommand(command);
        }
        return WithDhcp(def, index, ip, new NetworkDhcp(ip.Dhcp?.Ranges ?? [], hosts));
    }

    private static NetworkDef UpdateRange(NetworkDef def, NetworkUpdateCommand command, int parentIndex, XElement e)
    {
        CheckElement(def, e, "range");
        var (index, ip) = DhcpIp(def, parentIndex);
        if (command == NetworkUpdateCommand.Modify)
            throw new VirException(VirErrorCode.OperationUnsupported, VirErrorDomain.Network, "dhcp ranges cannot be modified, only added or deleted");
        var range = ParseRange(def, ip, e);
        var ranges = (ip.Dhcp?.Ranges ?? []).ToList();
        var at = ranges.FindIndex(r => r == range);
        switch (command)
        {
            case NetworkUpdateCommand.AddFirst or NetworkUpdateCommand.AddLast:
                if (at >= 0)
                    throw Invalid($"there is an existing dhcp range entry in network '{def.Name}' that matches \"<range start='{range.Start}' end='{range.End}'/>\"");
                ranges.Insert(command == NetworkUpdateCommand.AddFirst ? 0 : ranges.Count, range);
                break;
            case NetworkUpdateCommand.Delete:
                if (at < 0) throw Invalid($"couldn't locate a matching dhcp range entry in network '{def.Name}'");
                ranges.RemoveAt(at);
                break;
            default:
                throw UnknownCommand(command);
        }
        return WithDhcp(def, index, ip, new NetworkDhcp(ranges, ip.Dhcp?.Hosts ?? []));
    }

    /// <summary>
    /// The &lt;ip&gt; whose &lt;dhcp&gt; changes: the one at <paramref name="parentIndex"/>, or (-1) the first with DHCP, else
    /// the first IPv4 one, as libvirt picks it. Vireo serves DHCP on the first IPv4 address only.
    /// </summary>
    private static (int Index, NetworkIp Ip) DhcpIp(NetworkDef def, int parentIndex)
    {
        var index = parentIndex >= 0 ? parentIndex
            : def.Ips.ToList().FindIndex(i => i.Dhcp is { } d && (d.Ranges.Count > 0 || d.Hosts.Count > 0)) is var withDhcp and >= 0 ? withDhcp
            : def.Ipv4 is { } v4 ? def.Ips.ToList().IndexOf(v4) : -1;
        if (index < 0 || index >= def.Ips.Count)
            throw Invalid($"couldn't update dhcp host entry - no <ip> element found at index {parentIndex} in network '{def.Name}'");
        var ip = def.Ips[index];
        if (!ReferenceEquals(ip, def.Ipv4))
            throw NetworkErrors.Unsupported($"the <ip> at index {index} of network '{def.Name}' is not its first IPv4 address, the only one Vireo serves DHCP on");
        return (index, ip);
    }

    /// <summary>The definition with the address's new &lt;dhcp&gt; (none once it has no range and no host, as libvirt prints it).</summary>
    private static NetworkDef WithDhcp(NetworkDef def, int index, NetworkIp ip, NetworkDhcp dhcp)
    {
        var ips = def.Ips.ToList();
        ips[index] = ip with { Dhcp = dhcp.Ranges.Count == 0 && dhcp.Hosts.Count == 0 ? null : dhcp };
        // Through the parser again: the result must be a definition Vireo loads (addresses in the subnet).
        return NetworkXml.Parse(NetworkXml.Format(def with { Ips = ips }));
    }

    /// <summary>A &lt;host&gt;; the ip is "" when a delete leaves it out.</summary>
    private static DhcpHost ParseHost(NetworkDef def, XElement e, bool partialOkay)
    {
        var mac = (string?)e.Attribute("mac");
        if (mac is not null && !MacAddress().IsMatch(mac))
            throw NetworkErrors.Xml($"Cannot parse MAC address '{mac}' in network '{def.Name}'");
        var name = (string?)e.Attribute("name");
        var ipText = (string?)e.Attribute("ip");
        string ip = "";
        if (ipText is not null)
        {
            if (!IPAddress.TryParse(ipText, out var parsed) || ipText.Count(c => c == '.') != 3 && parsed.AddressFamily == AddressFamily.InterNetwork)
                throw NetworkErrors.Xml($"Invalid IP address in static host definition for network '{def.Name}'");
            ip = parsed.ToString();
        }
        if (!partialOkay)
        {
            if (mac is null && name is null)
                throw NetworkErrors.Xml($"Static host definition in IPv4 network '{def.Name}' must have mac or name attribute");
            if (ipText is null)
                throw NetworkErrors.Xml($"Missing IP address in static host definition for network '{def.Name}'");
        }
        else if (mac is null && name is null && ipText is null)
            throw NetworkErrors.Xml($"At least one of name, mac, or ip attribute must be specified for static host definition in network '{def.Name}'");
        return new DhcpHost(mac?.ToLowerInvariant(), name, ip);
    }

    private static DhcpRange ParseRange(NetworkDef def, NetworkIp ip, XElement e)
    {
        string Address(string attribute)
        {
            var text = (string?)e.Attribute(attribute)
                ?? throw NetworkErrors.Xml($"Missing '{attribute}' attribute in dhcp range for network '{def.Name}'");
            if (!IPAddress.TryParse(text, out var a) || a.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') != 3)
                throw NetworkErrors.Xml($"Invalid dhcp range '{attribute}' address '{text}' in network '{def.Name}'");
            return a.ToString();
        }
        var (start, end) = (Address("start"), Address("end"));
        var (net, mask) = NetworkServicesXml.Subnet(ip);
        uint m = NetworkServicesXml.ToUInt(mask), n = NetworkServicesXml.ToUInt(net);
        if ((NetworkServicesXml.ToUInt(start) & m) != n || (NetworkServicesXml.ToUInt(end) & m) != n)
            throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Network,
                $"range {start} - {end} is not entirely within network {ip.Address}/{ip.PrefixLength}");
        if (NetworkServicesXml.ToUInt(start) > NetworkServicesXml.ToUInt(end))
            throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Network, $"range {start} - {end} is reversed ");
        return new DhcpRange(start, end);
    }

    /// <summary>The fragment's element (libvirt names the document "network_update_xml" in its parse errors).</summary>
    private static XElement Parse(string xml) => NetworkXml.LoadElement(xml, "network_update_xml");

    private static void CheckElement(NetworkDef def, XElement e, string expected)
    {
        if (e.Name.LocalName != expected || e.Name.Namespace != XNamespace.None)
            throw NetworkErrors.Xml($"unexpected element <{e.Name.LocalName}>, expecting <{expected}>, while updating network '{def.Name}'");
    }

    private static bool SameMac(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static VirException Invalid(string message) => new(VirErrorCode.OperationInvalid, VirErrorDomain.Network, message);

    private static VirException UnknownCommand(NetworkUpdateCommand command) =>
        new(VirErrorCode.NoSupport, VirErrorDomain.Network, $"unrecognized network update command code {(uint)command}");

    [GeneratedRegex("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")]
    private static partial Regex MacAddress();
}
