using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;
using Vireo.Platform.Network;

namespace Vireo.IntegrationTests.Network;

/// <summary>
/// virsh net-update on a NAT network run for real inside a test namespace: each DHCP host or range change made
/// with --live reaches the running dnsmasq, which a real guest sees (busybox udhcpc on its console gets the new
/// fixed address, then one from the new range); --config alone changes only the saved definition, --live alone
/// only the running one, which the network leaves behind when it stops.
/// </summary>
public sealed partial class NetworkUpdateTests
{
    private const string Mac = "52:54:00:87:00:07";

    [Fact]
    public async Task Dhcp_hosts_and_ranges_change_in_the_running_dnsmasq_and_the_saved_definition()
    {
        VirshRequired.Check();
        MachineSetUp.Require(File.Exists("/usr/sbin/dnsmasq") && File.Exists("/usr/sbin/nft"), "dnsmasq and nft (apt-get install dnsmasq-base nftables)");
        await using var ns = await TestNetns.CreateAsync();
        await using var served = await ServedEngine.StartWithNetworkNamespaceAsync(ns.Name);
        var net = DemoKit.UniqueName("nup");
        await served.VirshOkAsync("net-define", served.WriteFile("nup.xml", $"""
            <network><name>{net}</name><forward/><bridge name='vnb8'/>
              <ip address='10.87.0.1' netmask='255.255.255.0'><dhcp><range start='10.87.0.100' end='10.87.0.150'/></dhcp></ip></network>
            """));
        Assert.Equal("error: Failed to update network " + net + "\nerror: Requested operation is not valid: network is not running",
            (await served.VirshFailsAsync("net-update", net, "add", "ip-dhcp-host", $"<host mac='{Mac}' ip='10.87.0.7'/>", "--live")).Trim());
        await served.VirshOkAsync("net-start", net);
        try
        {
            var guest = DemoKit.UniqueName("nupg");
            await served.VirshOkAsync("define", served.WriteFile(guest + ".xml", GuestXml.Demo(guest,
                $"<interface type='network'><mac address='{Mac}'/><source network='{net}'/><model type='virtio'/></interface>", metadata: ns.Placement)));
            await served.VirshOkAsync("start", guest);
            await using var console = await served.ReadyConsoleAsync(guest);
            await console.RunAsync("ip link set eth0 up");
            async Task<string> LeaseAsync() =>
                Lease().Match(await console.RunAsync("udhcpc -i eth0 -n -q -t 10 -T 2 -s /bin/true 2>&1")) is { Success: true } m ? m.Groups[1].Value : "none";
            Assert.Matches(@"^10\.87\.0\.1[0-5][0-9]$", await LeaseAsync()); // from the range

            Assert.Equal($"Updated network {net} persistent config and live state\n", await served.VirshOkAsync(
                "net-update", net, "add", "ip-dhcp-host", $"<host mac='{Mac}' name='web' ip='10.87.0.7'/>", "--live", "--config"));
            Assert.Equal("10.87.0.7", await LeaseAsync());
            Assert.Contains($"<host mac='{Mac}' name='web' ip='10.87.0.7'/>", await served.VirshOkAsync("net-dumpxml", net, "--inactive"), StringComparison.Ordinal);

            // Live only: the running dnsmasq hands out .8, the saved definition keeps .7.
            Assert.Equal($"Updated network {net} live state\n", await served.VirshOkAsync(
                "net-update", net, "modify", "ip-dhcp-host", $"<host mac='{Mac}' name='web' ip='10.87.0.8'/>", "--live"));
            Assert.Equal("10.87.0.8", await LeaseAsync());
            Assert.Contains($"ip='10.87.0.8'", await served.VirshOkAsync("net-dumpxml", net), StringComparison.Ordinal);
            Assert.Contains($"ip='10.87.0.7'", await served.VirshOkAsync("net-dumpxml", net, "--inactive"), StringComparison.Ordinal);

            // --current on a running network is the live one; then a new range is all dnsmasq has to offer.
            Assert.Equal($"Updated network {net} live state\n", await served.VirshOkAsync(
                "net-update", net, "delete", "ip-dhcp-host", $"<host mac='{Mac}'/>", "--current"));
            await served.VirshOkAsync("net-update", net, "delete", "ip-dhcp-range", "<range start='10.87.0.100' end='10.87.0.150'/>", "--live");
            await served.VirshOkAsync("net-update", net, "add-first", "ip-dhcp-range", "<range start='10.87.0.200' end='10.87.0.200'/>", "--live");
            Assert.Equal("10.87.0.200", await LeaseAsync());
            Assert.Contains("error: Requested operation is not valid: there is an existing dhcp range entry in network '" + net + "' that matches \"<range start='10.87.0.200' end='10.87.0.200'/>\"",
                await served.VirshFailsAsync("net-update", net, "add", "ip-dhcp-range", "<range start='10.87.0.200' end='10.87.0.200'/>", "--live"), StringComparison.Ordinal);
            Assert.Equal("10.87.0.200", await LeaseAsync()); // a refused change leaves dnsmasq serving as before

            await served.VirshOkAsync("destroy", guest);
            await served.VirshOkAsync("net-destroy", net);
            // Stopped, the network is its saved definition again: the host at .7 and the first range.
            var saved = await served.VirshOkAsync("net-dumpxml", net);
            Assert.Contains($"<host mac='{Mac}' name='web' ip='10.87.0.7'/>", saved, StringComparison.Ordinal);
            Assert.Contains("<range start='10.87.0.100' end='10.87.0.150'/>", saved, StringComparison.Ordinal);
            Assert.DoesNotContain("10.87.0.200", saved, StringComparison.Ordinal);
        }
        finally
        {
            NetworkTestCleanup.KillDnsmasqsUnder(served.RootPath);
        }
    }

    [GeneratedRegex(@"lease of ([0-9.]+) obtained from 10\.87\.0\.1")]
    private static partial Regex Lease();
}
