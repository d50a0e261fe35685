namespace Vireo.Core.Networks;

/// <summary>&lt;forward mode&gt;: None is an isolated network (no &lt;forward&gt;); Other is a mode Vireo does not run.</summary>
public enum NetworkForwardMode { None, Bridge, Nat, Route, Open, Other }

/// <summary>One &lt;ip&gt; of a network: the address the host side of the bridge gets, with a netmask or a prefix.</summary>
public sealed record NetworkIp(string Address, string? Netmask, int? Prefix, string? Family)
{
    /// <summary>The &lt;dhcp&gt; of this address (IPv4 only), or null: what dnsmasq hands out on the bridge.</summary>
    public NetworkDhcp? Dhcp { get; init; }

    /// <summary>The prefix length `ip address add` needs, from the prefix or the netmask (24 for IPv4 without either, as libvirt's class-C default for 10.x/192.168.x is not worth copying).</summary>
    public int PrefixLength => Prefix ?? (Netmask is { } m ? NetworkXml.PrefixOf(m) : Family == "ipv6" ? 64 : 24);
}

/// <summary>&lt;range start end/&gt; in &lt;dhcp&gt;: the addresses handed out to any client.</summary>
public sealed record DhcpRange(string Start, string End);

/// <summary>&lt;host mac name ip/&gt; in &lt;dhcp&gt;: a fixed address for one MAC (or host name).</summary>
public sealed record DhcpHost(string? Mac, string? Name, string Ip);

/// <summary>&lt;dhcp&gt; of an IPv4 &lt;ip&gt;.</summary>
public sealed record NetworkDhcp(IReadOnlyList<DhcpRange> Ranges, IReadOnlyList<DhcpHost> Hosts);

/// <summary>&lt;nat&gt;&lt;port start end/&gt;&lt;/nat&gt;: the source ports masqueraded TCP and UDP get.</summary>
public readonly record struct NatPortRange(int Start, int End);

/// <summary>
/// A libvirt network definition as Vireo runs it: a bridge it creates (isolated, or with &lt;forward
/// mode='nat'|'route'|'open'&gt;, where it also runs dnsmasq and firewall rules), or a host bridge the
/// administrator runs (&lt;forward mode='bridge'/&gt;). <see cref="Unsupported"/> lists what the XML asks
/// for that Vireo does not do: such a definition can be loaded from a file (its bridge still maps guests)
/// but is refused by define and start.
/// </summary>
public sealed record NetworkDef(
    string Name,
    Guid Uuid,
    NetworkForwardMode Forward,
    string? ForwardModeText,
    string? Bridge,
    bool? Stp,
    int? Delay,
    int? Mtu,
    string? Mac,
    IReadOnlyList<NetworkIp> Ips,
    string? Metadata,
    IReadOnlyList<string> Unsupported) : State.INamedDefinition
{
    /// <summary>&lt;forward&gt;&lt;nat&gt;&lt;port&gt;, or null for libvirt's 1024-65535.</summary>
    public NatPortRange? NatPorts { get; init; }

    /// <summary>&lt;domain name&gt;: the DNS domain dnsmasq gives guests' names.</summary>
    public string? DomainName { get; init; }

    /// <summary>&lt;dns enable&gt;: false turns dnsmasq's DNS off (DHCP only); null is libvirt's default, on.</summary>
    public bool? DnsEnabled { get; init; }

    /// <summary>True when Vireo creates the bridge on start and removes it on destroy: every kind but a host bridge.</summary>
    public bool CreatesBridge => Forward is NetworkForwardMode.None or NetworkForwardMode.Nat or NetworkForwardMode.Route or NetworkForwardMode.Open;

    /// <summary>The first IPv4 &lt;ip&gt;: the one dnsmasq serves and the firewall rules are about.</summary>
    public NetworkIp? Ipv4 => Ips.FirstOrDefault(i => i.Family is null or "ipv4");

    /// <summary>
    /// Whether starting runs dnsmasq: a network with DHCP, or a forwarding one (nat, route, open) with an IPv4
    /// address and DNS not turned off, as libvirt gives such guests DNS through the bridge address.
    /// </summary>
    public bool RunsDnsmasq => Ipv4 is { } ip && (ip.Dhcp is not null
        || (Forward is NetworkForwardMode.Nat or NetworkForwardMode.Route or NetworkForwardMode.Open && DnsEnabled != false));

    public bool Equals(NetworkDef? other) => other is not null && NetworkXml.Format(this) == NetworkXml.Format(other);

    public override int GetHashCode() => HashCode.Combine(Name, Uuid);
}
