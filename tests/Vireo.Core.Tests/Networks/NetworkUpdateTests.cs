using Vireo.Core.Errors;
using Vireo.Core.Networks;

namespace Vireo.Core.Tests.Networks;

/// <summary>
/// virsh net-update's DHCP sections on a definition: where a host or range goes, how entries are matched, and the
/// refusals, in the words a sandboxed libvirtd 9.0 used for the same commands (NetworkUpdateParityTests compares
/// them through virsh); the dnsmasq configuration follows the new definition.
/// </summary>
public sealed class NetworkUpdateTests
{
    private static readonly NetworkDef Net = NetworkXml.Parse("""
        <network><name>nu1</name><uuid>c61723ec-6286-48b9-bf6c-de24299e391b</uuid><forward mode='nat'/><bridge name='virnu1'/>
          <ip address='10.88.0.1' netmask='255.255.255.0'><dhcp>
            <range start='10.88.0.100' end='10.88.0.150'/>
            <host mac='52:54:00:00:00:01' name='a' ip='10.88.0.11'/>
          </dhcp></ip></network>
        """);

    private static NetworkDef Host(NetworkDef def, NetworkUpdateCommand command, string xml) => NetworkUpdate.Apply(def, command, NetworkUpdateSection.IpDhcpHost, -1, xml);
    private static NetworkDef Range(NetworkDef def, NetworkUpdateCommand command, string xml) => NetworkUpdate.Apply(def, command, NetworkUpdateSection.IpDhcpRange, -1, xml);
    private static NetworkDhcp Dhcp(NetworkDef def) => def.Ipv4!.Dhcp!;

    private static void Refused(VirErrorCode code, string message, Func<NetworkDef> update)
    {
        var e = Assert.Throws<VirException>(update);
        Assert.Equal((code, VirErrorDomain.Network, message), (e.Code, e.ErrorDomain, e.Detail));
    }

    [Fact]
    public void Hosts_are_added_first_or_last_modified_by_mac_ip_or_name_and_deleted_by_every_attribute_given()
    {
        var d = Host(Net, NetworkUpdateCommand.AddLast, "<host mac='52:54:00:00:00:02' name='b' ip='10.88.0.12'/>");
        d = Host(d, NetworkUpdateCommand.AddFirst, "<host mac='52:54:00:00:00:05' ip='10.88.0.15'/>");
        Assert.Equal([new DhcpHost("52:54:00:00:00:05", null, "10.88.0.15"), new DhcpHost("52:54:00:00:00:01", "a", "10.88.0.11"),
            new DhcpHost("52:54:00:00:00:02", "b", "10.88.0.12")], Dhcp(d).Hosts);
        d = Host(d, NetworkUpdateCommand.Modify, "<host mac='52:54:00:00:00:02' name='b2' ip='10.88.0.22'/>");
        Assert.Equal(new DhcpHost("52:54:00:00:00:02", "b2", "10.88.0.22"), Dhcp(d).Hosts[2]);
        d = Host(d, NetworkUpdateCommand.Delete, "<host name='b2'/>");
        d = Host(d, NetworkUpdateCommand.Delete, "<host ip='10.88.0.15'/>");
        Assert.Equal([new DhcpHost("52:54:00:00:00:01", "a", "10.88.0.11")], Dhcp(d).Hosts);
        Assert.Equal([new DhcpRange("10.88.0.100", "10.88.0.150")], Dhcp(d).Ranges);
        Assert.Contains("dhcp-host=52:54:00:00:00:01,10.88.0.11,a\n", DnsmasqConfig.Format(d, new NetworkRunFiles("/run", "nu1")), StringComparison.Ordinal);
        Assert.Equal(Net, d);
    }

    [Fact]
    public void Host_refusals_are_libvirts()
    {
        const VirErrorCode Invalid = VirErrorCode.OperationInvalid, Xml = VirErrorCode.XmlError;
        foreach (var dup in new[] { "<host mac='52:54:00:00:00:01' name='z' ip='10.88.0.13'/>", "<host mac='52:54:00:00:00:09' name='a' ip='10.88.0.19'/>",
                     "<host mac='52:54:00:00:00:03' name='c' ip='10.88.0.11'/>" })
            Refused(Invalid, $"there is an existing dhcp host entry in network 'nu1' that matches \"{dup}\"", () => Host(Net, NetworkUpdateCommand.AddLast, dup));
        Refused(Invalid, "there is an existing dhcp host entry in network 'nu1' that matches \"<host mac='52:54:00:00:00:01' name='(null)' ip='10.88.0.30'/>\"",
            () => Host(Net, NetworkUpdateCommand.AddFirst, "<host mac='52:54:00:00:00:01' ip='10.88.0.30'/>"));
        Refused(Invalid, "couldn't locate a matching dhcp host entry in network 'nu1'", () => Host(Net, NetworkUpdateCommand.Delete, "<host mac='52:54:00:00:00:01' name='q'/>"));
        Refused(Invalid, "couldn't locate an existing dhcp host entry with \"mac='52:54:00:00:00:07'\" \"name='(null)'\" \"ip='10.88.0.17'\" in network 'nu1'",
            () => Host(Net, NetworkUpdateCommand.Modify, "<host mac='52:54:00:00:00:07' ip='10.88.0.17'/>"));
        Refused(Xml, "Static host definition in IPv4 network 'nu1' must have mac or name attribute", () => Host(Net, NetworkUpdateCommand.AddLast, "<host ip='10.88.0.16'/>"));
        Refused(Xml, "Missing IP address in static host definition for network 'nu1'", () => Host(Net, NetworkUpdateCommand.AddLast, "<host mac='52:54:00:00:00:06'/>"));
        Refused(Xml, "Cannot parse MAC address 'zz' in network 'nu1'", () => Host(Net, NetworkUpdateCommand.AddLast, "<host mac='zz' ip='10.88.0.31'/>"));
        Refused(Xml, "Invalid IP address in static host definition for network 'nu1'", () => Host(Net, NetworkUpdateCommand.AddLast, "<host mac='52:54:00:00:00:0b' ip='bad'/>"));
        Refused(Xml, "unexpected element <bogus>, expecting <host>, while updating network 'nu1'", () => Host(Net, NetworkUpdateCommand.AddLast, "<bogus/>"));
        Refused(Invalid, "couldn't update dhcp host entry - no <ip> element found at index 1 in network 'nu1'",
            () => NetworkUpdate.Apply(Net, NetworkUpdateCommand.AddLast, NetworkUpdateSection.IpDhcpHost, 1, "<host mac='52:54:00:00:00:0a' ip='10.88.0.30'/>"));
        Refused(VirErrorCode.OperationUnsupported, "can't update 'bridge' section of network 'nu1'",
            () => NetworkUpdate.Apply(Net, NetworkUpdateCommand.AddLast, NetworkUpdateSection.Bridge, -1, "<bridge name='x'/>"));
        // Not well-formed: libvirt's code and "network_update_xml:LINE:" prefix; the parser's own words follow (libxml2's in libvirt).
        var malformed = Assert.Throws<VirException>(() => Host(Net, NetworkUpdateCommand.AddLast, "<host"));
        Assert.Equal(VirErrorCode.XmlDetail, malformed.Code);
        Assert.StartsWith("network_update_xml:1: ", malformed.Detail, StringComparison.Ordinal);
        // Where libvirt 9.0 takes a host outside the subnet into the definition, Vireo keeps its definitions loadable.
        Refused(Xml, "DHCP address '10.99.0.15' in network 'nu1' is outside the network's subnet 10.88.0.0/24",
            () => Host(Net, NetworkUpdateCommand.AddLast, "<host mac='52:54:00:00:00:06' ip='10.99.0.15'/>"));
    }

    [Fact]
    public void Ranges_are_added_and_deleted_never_modified_and_refused_as_libvirt_refuses_them()
    {
        var d = Range(Net, NetworkUpdateCommand.AddFirst, "<range start='10.88.0.200' end='10.88.0.210'/>");
        d = Range(d, NetworkUpdateCommand.AddLast, "<range start='10.88.0.205' end='10.88.0.230'/>");
        Assert.Equal([new DhcpRange("10.88.0.200", "10.88.0.210"), new DhcpRange("10.88.0.100", "10.88.0.150"), new DhcpRange("10.88.0.205", "10.88.0.230")], Dhcp(d).Ranges);
        Assert.Contains("dhcp-range=10.88.0.205,10.88.0.230,255.255.255.0\ndhcp-no-override", DnsmasqConfig.Format(d, new NetworkRunFiles("/run", "nu1")), StringComparison.Ordinal);
        d = Range(d, NetworkUpdateCommand.Delete, "<range start='10.88.0.200' end='10.88.0.210'/>");
        Assert.Equal(2, Dhcp(d).Ranges.Count);

        Refused(VirErrorCode.OperationInvalid, "there is an existing dhcp range entry in network 'nu1' that matches \"<range start='10.88.0.100' end='10.88.0.150'/>\"",
            () => Range(Net, NetworkUpdateCommand.AddLast, "<range start='10.88.0.100' end='10.88.0.150'/>"));
        Refused(VirErrorCode.OperationInvalid, "couldn't locate a matching dhcp range entry in network 'nu1'",
            () => Range(Net, NetworkUpdateCommand.Delete, "<range start='10.88.0.200' end='10.88.0.210'/>"));
        Refused(VirErrorCode.OperationUnsupported, "dhcp ranges cannot be modified, only added or deleted",
            () => Range(Net, NetworkUpdateCommand.Modify, "<range start='10.88.0.100' end='10.88.0.150'/>"));
        Refused(VirErrorCode.InternalError, "range 10.88.0.220 - 10.88.0.210 is reversed ", () => Range(Net, NetworkUpdateCommand.AddLast, "<range start='10.88.0.220' end='10.88.0.210'/>"));
        Refused(VirErrorCode.InternalError, "range 10.99.0.220 - 10.99.0.230 is not entirely within network 10.88.0.1/24",
            () => Range(Net, NetworkUpdateCommand.AddLast, "<range start='10.99.0.220' end='10.99.0.230'/>"));
        Refused(VirErrorCode.XmlError, "Missing 'end' attribute in dhcp range for network 'nu1'", () => Range(Net, NetworkUpdateCommand.AddLast, "<range start='10.88.0.240'/>"));
        Refused(VirErrorCode.XmlError, "unexpected element <host>, expecting <range>, while updating network 'nu1'", () => Range(Net, NetworkUpdateCommand.AddLast, "<host/>"));
    }

    [Fact]
    public void The_last_host_and_range_gone_leaves_no_dhcp()
    {
        var d = Host(Net, NetworkUpdateCommand.Delete, "<host mac='52:54:00:00:00:01'/>");
        d = Range(d, NetworkUpdateCommand.Delete, "<range start='10.88.0.100' end='10.88.0.150'/>");
        Assert.Null(d.Ipv4!.Dhcp);
        Assert.DoesNotContain("<dhcp>", NetworkXml.Format(d), StringComparison.Ordinal);
        // A host added to an address without <dhcp> gives it one.
        Assert.Equal([new DhcpHost("52:54:00:00:00:02", null, "10.88.0.12")], Dhcp(Host(d, NetworkUpdateCommand.AddLast, "<host mac='52:54:00:00:00:02' ip='10.88.0.12'/>")).Hosts);
    }
}
