using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;
using Vireo.Platform.Network;

namespace Vireo.IntegrationTests.Network;

/// <summary>
/// A NAT network run for real, inside a namespace the test creates (never the host's): the driver makes the
/// bridge, loads its nftables table and starts dnsmasq there. A real guest gets its fixed address by DHCP
/// (busybox udhcpc on its console), virsh and python-libvirt read the lease, and the guest reaches an
/// "uplink" address in a second namespace that has no route back to the network: only masquerading can
/// carry the replies. `domifaddr` shows the lease. Destroy removes dnsmasq, the table and the bridge.
/// </summary>
public sealed class NatNetworkTests
{
    private const string Mac = "52:54:00:89:00:07";

    [Fact]
    public async Task A_guest_on_a_nat_network_gets_its_address_by_dhcp_and_reaches_past_the_host_only_through_masquerading()
    {
        VirshRequired.Check();
        MachineSetUp.Require(File.Exists("/usr/sbin/dnsmasq") && File.Exists("/usr/sbin/nft"), "dnsmasq and nft (apt-get install dnsmasq-base nftables)");
        await using var ns = await TestNetns.CreateAsync();
        await using var far = await TestNetns.CreateAsync();
        // The uplink: 192.0.2.1 on this side, 192.0.2.2 in the far namespace, which knows nothing of 10.89.0.0/24.
        await IpCommand.RunAsync(ns.Name, "link", "add", "up0", "type", "veth", "peer", "name", "up1", "netns", far.Name);
        await IpCommand.RunAsync(ns.Name, "address", "add", "192.0.2.1/24", "dev", "up0");
        await IpCommand.RunAsync(ns.Name, "link", "set", "up0", "up");
        await IpCommand.RunAsync(far.Name, "address", "add", "192.0.2.2/24", "dev", "up1");
        await IpCommand.RunAsync(far.Name, "link", "set", "up1", "up");

        await using var served = await ServedEngine.StartWithNetworkNamespaceAsync(ns.Name);
        var net = DemoKit.UniqueName("nat");
        await served.VirshOkAsync("net-define", served.WriteFile("nat.xml", $"""
            <network><name>{net}</name><forward/><bridge name='vnb9'/>
              <ip address='10.89.0.1' netmask='255.255.255.0'><dhcp>
                <range start='10.89.0.100' end='10.89.0.150'/>
                <host mac='{Mac}' name='web' ip='10.89.0.7'/>
              </dhcp></ip></network>
            """));
        await served.VirshOkAsync("net-start", net);
        try
        {
            Assert.Contains("masquerade to :1024-65535", await NetnsExec.RunAsync(ns.Name, "nft", ["list", "table", "ip", "vireo_vnb9"], TestContext.Current.CancellationToken));
            var dnsmasq = DnsmasqPid(served, net);
            Assert.Equal(await InodeAsync($"/run/netns/{ns.Name}"), await InodeAsync($"/proc/{dnsmasq}/ns/net")); // dnsmasq runs in the test's namespace

            var guest = DemoKit.UniqueName("natg");
            await served.VirshOkAsync("define", served.WriteFile(guest + ".xml", GuestXml.Demo(guest,
                $"<interface type='network'><mac address='{Mac}'/><source network='{net}'/><model type='virtio'/></interface>", metadata: ns.Placement)));
            await served.VirshOkAsync("start", guest);
            await using var console = await served.ReadyConsoleAsync(guest);
            await console.RunAsync("ip link set eth0 up");
            var dhcp = await console.RunAsync("udhcpc -i eth0 -n -q -t 10 -T 2 -s /bin/true 2>&1");
            Assert.Contains("lease of 10.89.0.7 obtained from 10.89.0.1", dhcp); // the static <host>, not one from the range

            var leases = await served.VirshOkAsync("net-dhcp-leases", net);
            Assert.Matches(new Regex($@"^ \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\s+{Mac}\s+ipv4\s+10\.89\.0\.7/24\s+web\s+", RegexOptions.Multiline), leases);
            Assert.Contains($"{Mac}", await served.VirshOkAsync("net-dhcp-leases", net, "--mac", Mac));
            Assert.DoesNotContain(Mac, await served.VirshOkAsync("net-dhcp-leases", net, "--mac", "52:54:00:89:00:99"));
            var py = await ProcessRunner.OkAsync("/usr/bin/python3", served.WriteFile("leases.py", """
                import libvirt, sys
                n = libvirt.open(sys.argv[1]).networkLookupByName(sys.argv[2])
                for l in n.DHCPLeases():
                    print(l["iface"], l["mac"], l["ipaddr"], l["prefix"], l["hostname"], l["type"] == libvirt.VIR_IP_ADDR_TYPE_IPV4)
                """), served.Uri, net);
            Assert.Equal($"vnb9 {Mac} 10.89.0.7 24 web True", py.Trim());
            // domifaddr's default source, the network's leases, as libvirt answers it.
            Assert.Matches(new Regex($@"^ vnet\d+\s+{Mac}\s+ipv4\s+10\.89\.0\.7/24$", RegexOptions.Multiline), await served.VirshOkAsync("domifaddr", guest));

            await console.RunAsync("ip address add 10.89.0.7/24 dev eth0 && ip route add default via 10.89.0.1");
            Assert.Contains("3 packets transmitted, 3 packets received", await console.RunAsync("ping -c 3 -W 5 192.0.2.2"));

            await served.VirshOkAsync("destroy", guest);
            await served.VirshOkAsync("net-destroy", net);
            Assert.False(File.Exists($"/proc/{dnsmasq}/cmdline") && File.ReadAllText($"/proc/{dnsmasq}/cmdline").Contains("dnsmasq"), "dnsmasq still runs after net-destroy");
            Assert.DoesNotContain("vireo_vnb9", await NetnsExec.RunAsync(ns.Name, "nft", ["list", "tables"], TestContext.Current.CancellationToken));
            Assert.False(await ns.HasLinkAsync("vnb9"));
        }
        finally
        {
            // dnsmasq outlives the daemon by design, so a test that fails before net-destroy stops it here.
            NetworkTestCleanup.KillDnsmasqsUnder(served.RootPath);
        }
    }

    private static int DnsmasqPid(ServedEngine served, string net)
    {
        var file = Directory.GetFiles(served.RootPath, net + ".dnsmasq.pid", SearchOption.AllDirectories).Single();
        return int.Parse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> InodeAsync(string path) => (await ProcessRunner.OkAsync("stat", "-L", "-c", "%i", path)).Trim();
}
