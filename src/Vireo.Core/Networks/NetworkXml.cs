using System.Globalization;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Vireo.Core.Errors;

namespace Vireo.Core.Networks;

/// <summary>
/// libvirt's network XML: parsed into <see cref="NetworkDef"/> and formatted back the way libvirtd 9.0's
/// net-dumpxml shows it (element order, stp/delay and a MAC for a bridge Vireo runs, an empty-bodied
/// &lt;ip&gt;). Pure: no files, no host.
/// </summary>
public static class NetworkXml
{
    private static readonly HashSet<string> Known = ["name", "uuid", "metadata", "forward", "bridge", "mtu", "mac", "domain", "dns", "ip"];

    /// <summary>
    /// Parses a definition. A missing uuid is a new random one, or with <paramref name="stableUuid"/> (a
    /// file written by hand, which Vireo does not rewrite) one derived from the name, the same at every load.
    /// </summary>
    public static NetworkDef Parse(string xml, bool stableUuid = false)
    {
        var root = LoadNetwork(xml);
        var name = root.Element("name")?.Value.Trim();
        if (string.IsNullOrEmpty(name)) throw new VirException(VirErrorCode.NoName, VirErrorDomain.Network, "missing name");
        if (name.Contains('/')) throw NetworkErrors.Xml($"name {name} cannot contain '/'");

        Guid uuid;
        if (root.Element("uuid")?.Value.Trim() is { } u)
        {
            if (!Guid.TryParseExact(u, "D", out uuid) && !Guid.TryParseExact(u, "N", out uuid))
                throw NetworkErrors.Xml($"malformed uuid element");
        }
        else uuid = stableUuid ? UuidFromName(name) : Guid.NewGuid();

        var unsupported = new List<string>();
        foreach (var e in root.Elements())
            if (!Known.Contains(e.Name.LocalName) || e.Name.Namespace != XNamespace.None) unsupported.Add($"<{e.Name.LocalName}>");

        var forward = root.Element("forward");
        var modeText = forward is null ? null : (string?)forward.Attribute("mode") ?? "nat"; // libvirt's default mode
        var mode = modeText switch
        {
            null => NetworkForwardMode.None,
            "bridge" => NetworkForwardMode.Bridge,
            "nat" => NetworkForwardMode.Nat,
            "route" => NetworkForwardMode.Route,
            "open" => NetworkForwardMode.Open,
            _ => NetworkForwardMode.Other,
        };
        var natPorts = forward is null ? null : NetworkServicesXml.NatPorts(forward, name, unsupported);
        if (natPorts is not null && mode != NetworkForwardMode.Nat) unsupported.Add($"<nat> in <forward mode='{modeText}'>");

        var bridge = root.Element("bridge");
        var bridgeName = (string?)bridge?.Attribute("name");
        if (bridgeName is not null) CheckBridgeName(bridgeName);
        bool? stp = bridge?.Attribute("stp") is { } s ? s.Value switch
        {
            "on" => true,
            "off" => false,
            _ => throw NetworkErrors.Xml($"Invalid stp setting '{s.Value}' in network '{name}'"),
        } : null;
        int? delay = bridge?.Attribute("delay") is { } d ? Int(d.Value, "bridge delay", name) : null;
        int? mtu = root.Element("mtu")?.Attribute("size") is { } m ? Int(m.Value, "mtu size", name) : null;
        var mac = (string?)root.Element("mac")?.Attribute("address");
        if (mac is not null && !IsMac(mac)) throw new VirException(VirErrorCode.InvalidMac, VirErrorDomain.Network, mac);

        var ips = new List<NetworkIp>();
        foreach (var ip in root.Elements("ip"))
        {
            var address = Ip(ip, name);
            ips.Add(address with { Dhcp = NetworkServicesXml.Dhcp(ip, address, name, unsupported) });
        }
        if (ips.Count(i => i.Dhcp is not null) > 1) unsupported.Add("<dhcp> in more than one <ip>");
        var domainName = NetworkServicesXml.DomainName(root, unsupported);
        var dnsEnabled = NetworkServicesXml.DnsEnabled(root, name, unsupported);
        var metadata = root.Element("metadata") is { } md ? md.ToString(SaveOptions.DisableFormatting) : null;
        return new NetworkDef(name, uuid, mode, modeText, bridgeName, stp, delay, mtu, mac?.ToLowerInvariant(), ips, metadata, unsupported)
        {
            NatPorts = natPorts, DomainName = domainName, DnsEnabled = dnsEnabled,
        };
    }

    /// <summary>
    /// What Vireo runs, or a sentence saying what it does not. Called by define, create and start (not by loading a
    /// hand-written file, whose bridge still maps guests).
    /// </summary>
    public static void CheckRunnable(NetworkDef def)
    {
        if (def.Forward == NetworkForwardMode.Other)
            throw NetworkErrors.Unsupported($"network '{def.Name}' asks for <forward mode='{def.ForwardModeText}'>, which Vireo does not run; "
                + "Vireo runs isolated networks, <forward mode='nat'>, 'route' and 'open' on a bridge it creates, and <forward mode='bridge'/> on a host bridge you run.");
        if (def.Unsupported.Count > 0)
            throw NetworkErrors.Unsupported($"network '{def.Name}' uses {string.Join(", ", def.Unsupported)}, which Vireo's network driver does not support; "
                + "it runs bridges, IPv4 DHCP ranges and static hosts, and NAT or routing through nftables.");
        if (def.Forward == NetworkForwardMode.Bridge)
        {
            if (def.Bridge is null)
                throw NetworkErrors.Unsupported($"network '{def.Name}' has <forward mode='bridge'/> but no <bridge name='...'/>; name the host bridge its guests join.");
            if (def.Ips.Count > 0)
                throw NetworkErrors.Unsupported($"Unsupported <ip> element in network {def.Name} with forward mode='bridge'");
        }
        if (def.Forward is NetworkForwardMode.Nat or NetworkForwardMode.Route && def.Ipv4 is null)
            throw NetworkErrors.Unsupported($"network '{def.Name}' asks for <forward mode='{def.ForwardModeText}'> but has no IPv4 <ip address='...'>; "
                + "Vireo forwards IPv4 only, so give the network the address its guests use as their gateway.");
    }

    /// <summary>libvirt's defaults at define for a bridge it runs: a free virbrN name, stp on, delay 0, a 52:54:00 MAC.</summary>
    public static NetworkDef WithDefaults(NetworkDef def, IReadOnlySet<string> bridgesInUse, Func<byte[]> randomBytes)
    {
        if (!def.CreatesBridge) return def;
        var bridge = def.Bridge;
        for (var i = 0; bridge is null; i++)
            if (!bridgesInUse.Contains($"virbr{i}")) bridge = $"virbr{i}";
        var mac = def.Mac;
        if (mac is null)
        {
            var b = randomBytes();
            mac = string.Create(CultureInfo.InvariantCulture, $"52:54:00:{b[0]:x2}:{b[1]:x2}:{b[2]:x2}");
        }
        return def with { Bridge = bridge, Stp = def.Stp ?? true, Delay = def.Delay ?? 0, Mac = mac };
    }

    public static string Format(NetworkDef def)
    {
        var sb = new StringBuilder("<network>\n");
        sb.Append("  <name>").Append(Escape(def.Name)).Append("</name>\n");
        sb.Append("  <uuid>").Append(def.Uuid.ToString("D")).Append("</uuid>\n");
        if (def.Metadata is { } md) sb.Append("  ").Append(md).Append('\n');
        NetworkServicesXml.FormatForward(sb, def);
        if (def.Bridge is { } bridge)
        {
            sb.Append("  <bridge name='").Append(Escape(bridge)).Append('\'');
            if (def.Stp is { } stp) sb.Append(" stp='").Append(stp ? "on" : "off").Append('\'');
            if (def.Delay is { } delay) sb.Append(" delay='").Append(delay.ToString(CultureInfo.InvariantCulture)).Append('\'');
            sb.Append("/>\n");
        }
        if (def.Mtu is { } mtu) sb.Append("  <mtu size='").Append(mtu.ToString(CultureInfo.InvariantCulture)).Append("'/>\n");
        if (def.Mac is { } mac) sb.Append("  <mac address='").Append(mac).Append("'/>\n");
        NetworkServicesXml.FormatDomainAndDns(sb, def);
        foreach (var ip in def.Ips)
        {
            sb.Append("  <ip");
            if (ip.Family is { } f) sb.Append(" family='").Append(Escape(f)).Append('\'');
            sb.Append(" address='").Append(Escape(ip.Address)).Append('\'');
            if (ip.Netmask is { } m) sb.Append(" netmask='").Append(Escape(m)).Append('\'');
            if (ip.Prefix is { } p) sb.Append(" prefix='").Append(p.ToString(CultureInfo.InvariantCulture)).Append('\'');
            sb.Append(">\n");
            NetworkServicesXml.FormatDhcp(sb, ip.Dhcp);
            sb.Append("  </ip>\n");
        }
        return sb.Append("</network>\n").ToString();
    }

    /// <summary>The bridge named by a definition file (what the QEMU driver connects &lt;interface type='network'&gt; to), or null.</summary>
    public static string? BridgeOf(string xml) => Parse(xml, stableUuid: true).Bridge;

    internal static int PrefixOf(string netmask)
    {
        var bytes = IPAddress.Parse(netmask).GetAddressBytes();
        return bytes.Sum(b => BitOperations.PopCount(b));
    }

    /// <summary>A name-derived (version 5 style) uuid, so a hand-written file without one keeps the same uuid across daemon restarts.</summary>
    private static Guid UuidFromName(string name)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes("vireo-network:" + name));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0f) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private static NetworkIp Ip(XElement ip, string network)
    {
        var family = (string?)ip.Attribute("family");
        if (family is not null and not "ipv4" and not "ipv6")
            throw NetworkErrors.Unsupported($"Unrecognized family '{family}' in network '{network}'");
        var address = (string?)ip.Attribute("address");
        if (address is null || !IPAddress.TryParse(address, out var parsed))
            throw NetworkErrors.Xml($"Invalid address '{address}' in network '{network}'");
        var v6 = parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        if (v6 != (family == "ipv6"))
            throw NetworkErrors.Xml($"Family '{family ?? "ipv4"}' specified for non-{(v6 ? "IPv6" : "IPv4")} address '{address}' in network '{network}'");
        var netmask = (string?)ip.Attribute("netmask");
        var prefixText = (string?)ip.Attribute("prefix");
        if (netmask is not null && prefixText is not null)
            throw NetworkErrors.Xml($"Network '{network}' IP address cannot have both a prefix and a netmask");
        if (netmask is not null && (v6 || !IPAddress.TryParse(netmask, out _) || !IsContiguous(netmask)))
            throw NetworkErrors.Xml($"Invalid netmask '{netmask}' in network '{network}'");
        int? prefix = prefixText is null ? null : Int(prefixText, "prefix", network);
        if (prefix is < 0 || prefix > (v6 ? 128 : 32)) throw NetworkErrors.Xml($"Invalid prefix '{prefixText}' in network '{network}'");
        return new NetworkIp(address, netmask, prefix, family);
    }

    private static bool IsContiguous(string netmask)
    {
        var b = IPAddress.Parse(netmask).GetAddressBytes();
        var v = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        return (~v & (~v + 1)) == 0 || v == 0;
    }

    private static void CheckBridgeName(string bridge)
    {
        if (bridge.Length is 0 or > 15 || bridge.Any(c => c is '/' or ':' || char.IsWhiteSpace(c)) || bridge is "." or "..")
            throw NetworkErrors.Xml($"invalid bridge name '{bridge}': a Linux interface name has 1 to 15 characters, without '/', ':' or spaces");
    }

    private static bool IsMac(string mac) =>
        mac.Length == 17 && mac.Split(':') is { Length: 6 } parts && parts.All(p => p.Length == 2 && p.All(Uri.IsHexDigit));

    private static int Int(string text, string what, string network) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
            : throw NetworkErrors.Xml($"Invalid {what} '{text}' in network '{network}'");

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("'", "&apos;");

    /// <summary>The document's root, refused as libvirt refuses XML that is not well-formed or not a network (before any schema check).</summary>
    public static XElement LoadNetwork(string xml)
    {
        var root = Load(xml);
        if (root.Name.LocalName != "network" || root.Name.Namespace != XNamespace.None)
            throw VirErrors.WrongRoot("network", root.Name.LocalName);
        return root;
    }

    private static XElement Load(string xml) => LoadElement(xml, "(network_definition)");

    /// <summary>A document's root element; not well-formed XML is libvirt's XML error naming <paramref name="label"/> and the line.</summary>
    internal static XElement LoadElement(string xml, string label)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo).Root ?? throw NetworkErrors.Xml("the network XML has no root element");
        }
        catch (XmlException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            throw new VirException(VirErrorCode.XmlDetail, VirErrorDomain.Network, $"{label}:{e.LineNumber}: {message.TrimEnd('.')}");
        }
    }
}
