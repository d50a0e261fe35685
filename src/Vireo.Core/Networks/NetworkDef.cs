namespace Vireo.Core.Networks;

/// <summary>&lt;forward mode&gt;: None is an isolated network (no &lt;forward&gt;); Other is a mode Vireo does not run.</summary>
public enum NetworkForwardMode { None, Bridge, Nat, Route, Open, Other }

/// <summary>One &lt;ip&gt; of a network: the address the host side of the bridge gets, with a netmask or a prefix.</summary>
public sealed record NetworkIp(string Address, string? Netmask, int? Prefix, string? Family)
{
    /// <summary>The prefix length `ip address add` needs, from the prefix or the netmask (24 for IPv4 without either, as libvirt's class-C default for 10.x/192.168.x is not worth copying).</summary>
    public int PrefixLength => Prefix ?? (Netmask is { } m ? NetworkXml.PrefixOf(m) : Family == "ipv6" ? 64 : 24);
}

/// <summary>
/// A libvirt network definition as Vireo runs it: an isolated bridge it creates, or a host bridge the
/// administrator runs (&lt;forward mode='bridge'/&gt;). <see cref="Unsupported"/> lists what the XML asks
/// for that Vireo does not do (NAT, routing, DHCP, DNS, ...): such a definition can be loaded from a file
/// (its bridge still maps guests) but is refused by define and start.
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
    /// <summary>True when Vireo creates the bridge on start and removes it on destroy.</summary>
    public bool IsIsolated => Forward == NetworkForwardMode.None;

    public bool Equals(NetworkDef? other) => other is not null && NetworkXml.Format(this) == NetworkXml.Format(other);

    public override int GetHashCode() => HashCode.Combine(Name, Uuid);
}
