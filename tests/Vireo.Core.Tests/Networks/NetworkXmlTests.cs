using System.Diagnostics;
using Vireo.Core.Errors;
using Vireo.Core.Networks;

namespace Vireo.Core.Tests.Networks;

/// <summary>
/// Network XML in and out. The expected texts are what libvirtd 9.0's network driver printed for the
/// same input (net-define then net-dumpxml, captured by hand in a sandboxed libvirtd), with its random
/// uuid and MAC replaced by fixed ones.
/// </summary>
public sealed class NetworkXmlTests
{
    private static readonly Guid Uuid = Guid.Parse("073d106e-853d-4e52-ad17-11cff52e2d86");
    private static readonly Func<byte[]> Mac = () => [0x35, 0xea, 0x9f];

    private static NetworkDef Define(string xml, params string[] bridgesInUse)
    {
        var def = NetworkXml.Parse(xml) with { Uuid = Uuid };
        NetworkXml.CheckRunnable(def);
        return NetworkXml.WithDefaults(def, bridgesInUse.ToHashSet(), Mac);
    }

    [Fact]
    public void An_isolated_network_gets_stp_delay_and_a_mac_and_an_empty_bodied_ip_as_libvirt_prints()
    {
        Assert.Equal("""
            <network>
              <name>iso</name>
              <uuid>073d106e-853d-4e52-ad17-11cff52e2d86</uuid>
              <bridge name='vbr9' stp='on' delay='0'/>
              <mac address='52:54:00:35:ea:9f'/>
              <ip address='10.250.0.1' prefix='24'>
              </ip>
            </network>

            """, NetworkXml.Format(Define("<network><name>iso</name><bridge name='vbr9'/><ip address='10.250.0.1' prefix='24'/></network>")));
    }

    [Fact]
    public void A_missing_bridge_name_is_the_first_free_virbr_and_a_netmask_is_kept()
    {
        var def = Define("<network><name>iso2</name><ip address='10.251.0.1' netmask='255.255.255.0'/></network>", "virbr0");
        Assert.Equal("""
            <network>
              <name>iso2</name>
              <uuid>073d106e-853d-4e52-ad17-11cff52e2d86</uuid>
              <bridge name='virbr1' stp='on' delay='0'/>
              <mac address='52:54:00:35:ea:9f'/>
              <ip address='10.251.0.1' netmask='255.255.255.0'>
              </ip>
            </network>

            """, NetworkXml.Format(def));
        Assert.Equal(24, def.Ips[0].PrefixLength);
    }

    [Fact]
    public void A_host_bridge_network_is_printed_without_stp_or_mac()
    {
        Assert.Equal("""
            <network>
              <name>hb</name>
              <uuid>073d106e-853d-4e52-ad17-11cff52e2d86</uuid>
              <forward mode='bridge'/>
              <bridge name='br0'/>
            </network>

            """, NetworkXml.Format(Define("<network><name>hb</name><forward mode='bridge'/><bridge name='br0'/></network>")));
    }

    [Fact]
    public void Formatted_xml_parses_back_to_the_same_definition()
    {
        var def = Define("<network><name>x</name><uuid>073d106e-853d-4e52-ad17-11cff52e2d86</uuid><bridge name='b1' stp='off' delay='2'/><mtu size='9000'/>"
            + "<ip address='10.1.0.1' prefix='16'/><ip family='ipv6' address='fd00::1' prefix='64'/></network>");
        Assert.Equal(def, NetworkXml.Parse(NetworkXml.Format(def)));
        Assert.Contains("<ip family='ipv6' address='fd00::1' prefix='64'>", NetworkXml.Format(def));
    }

    [Theory]
    [InlineData("<forward mode='nat'/><bridge name='v1'/>", "asks for <forward mode='nat'> but has no IPv4 <ip address='...'>; Vireo forwards IPv4 only")]
    [InlineData("<forward/><ip family='ipv6' address='fd00::1' prefix='64'/>", "asks for <forward mode='nat'> but has no IPv4")]
    [InlineData("<forward mode='route'/>", "asks for <forward mode='route'> but has no IPv4")]
    [InlineData("<bridge name='v1'/><ip address='10.9.0.1' prefix='24'><dhcp><range start='10.9.0.2' end='10.9.0.9'><lease expiry='1'/></range></dhcp></ip>", "uses <lease> in a DHCP <range>, which Vireo's network driver does not support")]
    [InlineData("<ip family='ipv6' address='fd00::1' prefix='64'><dhcp><range start='fd00::2' end='fd00::9'/></dhcp></ip>", "uses <dhcp> in an IPv6 <ip>")]
    [InlineData("<forward mode='nat'><nat><address start='1.2.3.4' end='1.2.3.5'/></nat></forward><ip address='10.9.0.1' prefix='24'/>", "uses <address> in <nat>")]
    [InlineData("<dns><host ip='10.9.0.5'><hostname>x</hostname></host></dns>", "uses <dns> with records or forwarders")]
    [InlineData("<forward mode='passthrough'/>", "which Vireo does not run")]
    [InlineData("<bridge name='v1'/><portgroup name='p'/>", "uses <portgroup>, which Vireo's network driver does not support")]
    [InlineData("<forward mode='bridge'/>", "has <forward mode='bridge'/> but no <bridge name='...'/>")]
    public void What_Vireo_does_not_run_is_refused_with_a_sentence_that_says_what_to_use(string body, string expected)
    {
        var e = Assert.Throws<VirException>(() => NetworkXml.CheckRunnable(NetworkXml.Parse($"<network><name>n</name>{body}</network>")));
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Equal(VirErrorDomain.Network, e.ErrorDomain);
        Assert.Contains(expected, e.Message);
        Assert.EndsWith(".", e.Message.TrimEnd());
    }

    [Theory]
    [InlineData("<network><bridge name='b'/></network>", "missing name")]
    [InlineData("<network><name>a/b</name></network>", "cannot contain '/'")]
    [InlineData("<network><name>n</name><bridge name='a-very-long-bridge-name'/></network>", "invalid bridge name")]
    [InlineData("<network><name>n</name><ip address='10.0.0.1' netmask='255.0.255.0'/></network>", "Invalid netmask")]
    [InlineData("<network><name>n</name><ip address='10.0.0.1' netmask='255.0.0.0' prefix='8'/></network>", "cannot have both")]
    [InlineData("<network><name>n</name><ip address='nope'/></network>", "Invalid address 'nope'")]
    [InlineData("<network><name>n</name><uuid>xyz</uuid></network>", "malformed uuid")]
    [InlineData("<domain/>", "expecting root element of 'network', not 'domain'")]
    [InlineData("<network><name>n</name><ip address='10.9.0.1' prefix='24'><dhcp><range start='10.8.0.2' end='10.8.0.9'/></dhcp></ip></network>", "DHCP address '10.8.0.2' in network 'n' is outside the network's subnet 10.9.0.0/24")]
    [InlineData("<network><name>n</name><ip address='10.9.0.1' prefix='24'><dhcp><range start='10.9.0.9' end='10.9.0.2'/></dhcp></ip></network>", "ends before it starts")]
    [InlineData("<network><name>n</name><ip address='10.9.0.1' prefix='24'><dhcp><host mac='52:54:00:00:00:01'/></dhcp></ip></network>", "has no ip address")]
    [InlineData("<network><name>n</name><forward><nat><port start='3000' end='2000'/></nat></forward></network>", "the start is after the end")]
    [InlineData("<network><name>n</name>", "(network_definition)")]
    public void Bad_xml_is_refused_naming_the_cause(string xml, string expected) =>
        Assert.Contains(expected, Assert.Throws<VirException>(() => NetworkXml.Parse(xml)).Message);

    [Fact]
    public void A_hand_written_file_without_uuid_gets_the_same_uuid_at_every_load_and_a_define_a_new_one()
    {
        const string xml = "<network><name>default</name><bridge name='virbr0'/></network>";
        Assert.Equal(NetworkXml.Parse(xml, stableUuid: true).Uuid, NetworkXml.Parse(xml, stableUuid: true).Uuid);
        Assert.NotEqual(NetworkXml.Parse(xml).Uuid, NetworkXml.Parse(xml).Uuid);
    }

    /// <summary>libvirt's default network as virt-manager and the libvirt docs write it, printed as libvirtd 9.0 printed it after net-define.</summary>
    [Fact]
    public void Libvirts_default_nat_network_is_runnable_and_printed_as_libvirtd_prints_it()
    {
        var def = Define("""
            <network>
              <name>default</name>
              <bridge name='virbr0'/>
              <forward/>
              <ip address='192.168.122.1' netmask='255.255.255.0'>
                <dhcp>
                  <range start='192.168.122.2' end='192.168.122.254'/>
                </dhcp>
              </ip>
            </network>
            """);
        Assert.Equal("""
            <network>
              <name>default</name>
              <uuid>073d106e-853d-4e52-ad17-11cff52e2d86</uuid>
              <forward mode='nat'/>
              <bridge name='virbr0' stp='on' delay='0'/>
              <mac address='52:54:00:35:ea:9f'/>
              <ip address='192.168.122.1' netmask='255.255.255.0'>
                <dhcp>
                  <range start='192.168.122.2' end='192.168.122.254'/>
                </dhcp>
              </ip>
            </network>

            """, NetworkXml.Format(def));
        Assert.True(def.RunsDnsmasq);
        Assert.Equal(def, NetworkXml.Parse(NetworkXml.Format(def)));
    }

    [Fact]
    public void Nat_ports_domain_dns_and_static_hosts_are_printed_in_libvirts_order()
    {
        var def = Define("""
            <network>
              <name>lab</name>
              <forward mode='nat'>
                <nat><port start='2000' end='3000'/></nat>
              </forward>
              <bridge name='vnb7'/>
              <domain name='lab.example'/>
              <dns enable='no'/>
              <ip address='10.77.0.1' prefix='24'>
                <dhcp>
                  <range start='10.77.0.100' end='10.77.0.200'/>
                  <host mac='52:54:00:00:00:07' name='web' ip='10.77.0.7'/>
                </dhcp>
              </ip>
            </network>
            """);
        Assert.Equal("""
            <network>
              <name>lab</name>
              <uuid>073d106e-853d-4e52-ad17-11cff52e2d86</uuid>
              <forward mode='nat'>
                <nat>
                  <port start='2000' end='3000'/>
                </nat>
              </forward>
              <bridge name='vnb7' stp='on' delay='0'/>
              <mac address='52:54:00:35:ea:9f'/>
              <domain name='lab.example'/>
              <dns enable='no'/>
              <ip address='10.77.0.1' prefix='24'>
                <dhcp>
                  <range start='10.77.0.100' end='10.77.0.200'/>
                  <host mac='52:54:00:00:00:07' name='web' ip='10.77.0.7'/>
                </dhcp>
              </ip>
            </network>

            """, NetworkXml.Format(def));
        Assert.Equal(def, NetworkXml.Parse(NetworkXml.Format(def)));
    }

    [Fact]
    public void A_route_network_without_dhcp_still_runs_dnsmasq_for_dns_unless_dns_is_off()
    {
        Assert.True(Define("<network><name>r</name><forward mode='route'/><ip address='10.6.0.1' prefix='24'/></network>").RunsDnsmasq);
        Assert.False(Define("<network><name>r</name><forward mode='route'/><dns enable='no'/><ip address='10.6.0.1' prefix='24'/></network>").RunsDnsmasq);
        Assert.False(Define("<network><name>i</name><ip address='10.6.0.1' prefix='24'/></network>").RunsDnsmasq);
    }

    /// <summary>libvirt's own RelaxNG schema (libvirt-clients ships it with virt-xml-validate) accepts what Vireo prints.</summary>
    [Fact]
    public void Printed_networks_validate_against_libvirts_network_schema()
    {
        Assert.True(File.Exists("/usr/share/libvirt/schemas/network.rng") && File.Exists("/usr/bin/virt-xml-validate"),
            "libvirt's schemas and virt-xml-validate are missing (libvirt-clients): run scripts/setup.sh");
        var dir = Directory.CreateTempSubdirectory("vireo-netxml-").FullName;
        try
        {
            foreach (var (name, xml) in new[]
            {
                ("iso", "<network><name>iso</name><bridge name='vbr9'/><ip address='10.250.0.1' prefix='24'/><ip family='ipv6' address='fd00::1' prefix='64'/></network>"),
                ("hb", "<network><name>hb</name><forward mode='bridge'/><bridge name='br0'/></network>"),
                ("md", "<network><name>md</name><metadata><app:x xmlns:app='urn:x'>1</app:x></metadata><bridge name='v2'/><mtu size='1400'/></network>"),
                ("nat", "<network><name>nat</name><forward mode='nat'><nat><port start='2000' end='3000'/></nat></forward><domain name='lab.example'/><dns enable='no'/>"
                    + "<ip address='10.77.0.1' prefix='24'><dhcp><range start='10.77.0.100' end='10.77.0.200'/><host mac='52:54:00:00:00:07' name='web' ip='10.77.0.7'/></dhcp></ip></network>"),
            })
            {
                var path = Path.Combine(dir, name + ".xml");
                File.WriteAllText(path, NetworkXml.Format(Define(xml)));
                var start = new ProcessStartInfo("/usr/bin/virt-xml-validate") { RedirectStandardOutput = true, RedirectStandardError = true };
                start.ArgumentList.Add(path);
                start.ArgumentList.Add("network");
                using var p = Process.Start(start)!;
                var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, $"{File.ReadAllText(path)}\n{output}");
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
