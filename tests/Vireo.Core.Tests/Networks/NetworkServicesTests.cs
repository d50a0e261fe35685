using Vireo.Core.Networks;

namespace Vireo.Core.Tests.Networks;

/// <summary>
/// What starting a forwarding network hands to dnsmasq and nft, as text (the integration test
/// NatNetworkTests runs both for real in a namespace), and how dnsmasq's lease file is read.
/// </summary>
public sealed class NetworkServicesTests
{
    private static readonly NetworkRunFiles Files = new("/run/vireo/qemu/networks", "lab");

    private static NetworkDef Lab(string forward = "<forward mode='nat'><nat><port start='2000' end='3000'/></nat></forward>") =>
        NetworkXml.WithDefaults(NetworkXml.Parse($"""
            <network><name>lab</name>{forward}<bridge name='vnb-7'/><domain name='lab.example'/>
              <ip address='10.77.0.1' prefix='24'><dhcp>
                <range start='10.77.0.100' end='10.77.0.200'/>
                <host mac='52:54:00:00:00:07' name='web' ip='10.77.0.7'/><host name='db' ip='10.77.0.8'/>
              </dhcp></ip></network>
            """), new HashSet<string>(), () => [1, 2, 3]);

    [Fact]
    public void Dnsmasq_serves_dns_and_the_dhcp_ranges_on_the_bridge_only()
    {
        Assert.Equal("""
            # Written by Vireo for network 'lab' at every start: edits are overwritten.
            strict-order
            pid-file=/run/vireo/qemu/networks/lab.dnsmasq.pid
            except-interface=lo
            bind-dynamic
            interface=vnb-7
            local=/lab.example/
            domain=lab.example
            expand-hosts
            dhcp-range=10.77.0.100,10.77.0.200,255.255.255.0
            dhcp-no-override
            dhcp-authoritative
            dhcp-lease-max=103
            dhcp-host=52:54:00:00:00:07,10.77.0.7,web
            dhcp-host=db,10.77.0.8
            dhcp-leasefile=/run/vireo/qemu/networks/lab.dnsmasq.leases

            """, DnsmasqConfig.Format(Lab(), Files));
    }

    [Fact]
    public void Dns_off_is_port_zero_and_hosts_without_ranges_get_a_static_range()
    {
        var def = NetworkXml.Parse("<network><name>s</name><forward mode='route'/><bridge name='vnb8'/><dns enable='no'/>"
            + "<ip address='10.8.0.1' netmask='255.255.0.0'><dhcp><host mac='52:54:00:00:00:09' ip='10.8.3.9'/></dhcp></ip></network>");
        var conf = DnsmasqConfig.Format(def, new NetworkRunFiles("/r", "s"));
        Assert.Contains("\nport=0\n", conf);
        Assert.Contains("\ndhcp-range=10.8.0.0,static,255.255.0.0\n", conf);
        Assert.Contains("\ndhcp-lease-max=1\n", conf);
    }

    [Fact]
    public void A_nat_network_masquerades_its_subnet_from_its_port_range_and_admits_only_replies()
    {
        Assert.Equal("""
            # Vireo: <forward mode='nat'> of network 'lab'
            table ip vireo_vnb_2d7 {
              chain forward {
                type filter hook forward priority filter; policy accept;
                iifname "vnb-7" oifname "vnb-7" accept
                iifname "vnb-7" ip saddr 10.77.0.0/24 accept
                oifname "vnb-7" ip daddr 10.77.0.0/24 ct state related,established accept
                iifname "vnb-7" reject
                oifname "vnb-7" reject
              }
              chain postrouting {
                type nat hook postrouting priority srcnat; policy accept;
                ip saddr 10.77.0.0/24 ip daddr 224.0.0.0/24 return
                ip saddr 10.77.0.0/24 ip daddr 255.255.255.255 return
                ip saddr 10.77.0.0/24 ip daddr != 10.77.0.0/24 meta l4proto { tcp, udp } masquerade to :2000-3000
                ip saddr 10.77.0.0/24 ip daddr != 10.77.0.0/24 masquerade
              }
            }

            """, NetworkFirewall.Ruleset(Lab()));
    }

    [Fact]
    public void A_route_network_forwards_both_ways_without_nat_and_open_or_isolated_ones_get_no_rules()
    {
        var route = NetworkFirewall.Ruleset(Lab("<forward mode='route'/>"));
        Assert.Contains("    oifname \"vnb-7\" ip daddr 10.77.0.0/24 accept\n", route);
        Assert.DoesNotContain("masquerade", route);
        Assert.True(NetworkFirewall.Applies(Lab("<forward mode='route'/>")));
        Assert.False(NetworkFirewall.Applies(Lab("<forward mode='open'/>")));
        Assert.False(NetworkFirewall.Applies(Lab("")));
    }

    [Fact]
    public void Dnsmasq_leases_are_read_with_unknown_fields_as_null_and_a_torn_line_skipped()
    {
        var leases = DhcpLeases.Parse("1796109174 52:54:00:AA:00:01 10.77.0.139 web 01:52:54:00:aa:00:01\n0 52:54:00:aa:00:02 10.77.0.140 * *\nduid 00:01\n17961", Lab());
        Assert.Equal([
            new DhcpLease("vnb-7", 1796109174, "52:54:00:aa:00:01", "10.77.0.139", 24, "web", "01:52:54:00:aa:00:01"),
            new DhcpLease("vnb-7", 0, "52:54:00:aa:00:02", "10.77.0.140", 24, null, null)], leases);
    }
}
