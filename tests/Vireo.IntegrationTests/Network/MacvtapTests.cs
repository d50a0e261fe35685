using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Network;

/// <summary>
/// &lt;interface type='direct'&gt;: Vireo makes a macvtap (mode bridge) on a veth inside the test's
/// namespace for each guest, passes /dev/tapN to QEMU, and deletes the macvtap when the guest ends.
/// Two guests on the same parent talk to each other through it.
/// </summary>
public sealed class MacvtapTests
{
    [Fact]
    public async Task Two_guests_on_macvtaps_of_one_veth_ping_each_other_and_destroy_removes_the_macvtaps()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await ns.AddVethAsync("mv0", "mv0peer");
        await using var e = await ServedEngine.StartAsync();
        string Nic(string mac) => $"<interface type='direct'><mac address='{mac}'/><source dev='mv0' mode='bridge'/><model type='virtio'/></interface>";
        var g1 = DemoKit.UniqueName("mv1");
        var g2 = DemoKit.UniqueName("mv2");
        await e.VirshOkAsync("define", e.WriteFile(g1 + ".xml", GuestXml.Demo(g1, Nic("52:54:00:33:00:01"), "vireo.ip=10.223.0.1/24", ns.Placement)));
        await e.VirshOkAsync("define", e.WriteFile(g2 + ".xml", GuestXml.Demo(g2, Nic("52:54:00:33:00:02"), "vireo.ip=10.223.0.2/24", ns.Placement)));
        await e.VirshOkAsync("start", g1);
        await e.VirshOkAsync("start", g2);

        var list = await e.VirshOkAsync("domiflist", g1);
        var row = Regex.Match(list, @"^ (macvtap\d+)\s+direct\s+mv0\s+virtio\s+52:54:00:33:00:01$", RegexOptions.Multiline);
        Assert.True(row.Success, list);
        var macvtap = row.Groups[1].Value;
        // The macvtap sits on the namespace's veth, in bridge mode, with the guest's MAC.
        var link = await Vireo.Platform.Network.IpCommand.RunAsync(ns.Name, "-d", "-o", "link", "show", "dev", macvtap);
        Assert.Contains("@mv0", link);
        Assert.Contains("macvtap mode bridge", link);
        Assert.Contains("link/ether 52:54:00:33:00:01", link);

        await using var c1 = await e.ConsoleAsync(g1);
        await using var c2 = await e.ConsoleAsync(g2);
        await c1.WaitUntilReadyAsync();
        await c2.WaitUntilReadyAsync();
        Assert.Contains("3 packets transmitted, 3 packets received", await c1.RunAsync("ping -c 3 -W 5 10.223.0.2"));
        var stats = BridgeNetworkTests.Counters(await e.VirshOkAsync("domifstat", g1, macvtap));
        Assert.True(stats["tx_packets"] >= 3 && stats["rx_packets"] >= 3, string.Join(", ", stats));

        await e.VirshOkAsync("destroy", g1);
        await e.VirshOkAsync("destroy", g2);
        Assert.Empty(await ns.LinksNamedAsync("macvtap")); // deleted by the teardown, before destroy returned
        Assert.True(await ns.HasLinkAsync("mv0"), "the veth is the test's and stays");
    }
}
