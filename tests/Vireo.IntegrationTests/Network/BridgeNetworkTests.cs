using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Network;

/// <summary>
/// Two demo guests on a bridge inside a namespace the test creates, driven by stock virsh (and vireo)
/// against the server: they ping each other, domiflist shows their taps, domifstat counts the
/// traffic, and destroying them removes the taps. The second guest reaches the bridge through
/// &lt;interface type='network'&gt; and a network definition naming it.
/// </summary>
public sealed class BridgeNetworkTests
{
    private const string Mac1 = "52:54:00:22:00:01", Mac2 = "52:54:00:22:00:02";

    [Fact]
    public async Task Two_guests_on_a_bridge_in_a_namespace_ping_each_other_and_domifstat_counts_it()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await ns.AddBridgeAsync("br0");
        await using var e = await ServedEngine.StartAsync();
        // type='network' has no network driver behind it: a libvirt network definition names the bridge.
        Directory.CreateDirectory(Path.Combine(e.Paths.ConfigDir, "networks"));
        File.WriteAllText(Path.Combine(e.Paths.ConfigDir, "networks", "lab.xml"), "<network><name>lab</name><bridge name='br0'/></network>");

        var g1 = DemoKit.UniqueName("br1");
        var g2 = DemoKit.UniqueName("br2");
        await e.VirshOkAsync("define", e.WriteFile(g1 + ".xml", GuestXml.Demo(g1,
            GuestXml.BridgeNic("br0", Mac1), cmdline: "vireo.ip=10.222.0.1/24", metadata: ns.Placement)));
        await e.VirshOkAsync("define", e.WriteFile(g2 + ".xml", GuestXml.Demo(g2,
            $"<interface type='network'><mac address='{Mac2}'/><source network='lab'/><model type='virtio'/></interface>",
            cmdline: "vireo.ip=10.222.0.2/24", metadata: ns.Placement)));
        Assert.Equal($"Domain '{g1}' started\n\n", await e.VirshOkAsync("start", g1));
        Assert.Equal($"Domain '{g2}' started\n\n", await e.VirshOkAsync("start", g2));

        // domiflist: the tap Vireo made, its bridge (or network), the model and the MAC.
        var list1 = await e.VirshOkAsync("domiflist", g1);
        var row1 = Regex.Match(list1, $@"^ (vnet\d+)\s+bridge\s+br0\s+virtio\s+{Mac1}$", RegexOptions.Multiline);
        Assert.True(row1.Success, list1);
        var row2 = Regex.Match(await e.VirshOkAsync("domiflist", g2), $@"^ (vnet\d+)\s+network\s+lab\s+virtio\s+{Mac2}$", RegexOptions.Multiline);
        Assert.True(row2.Success, await e.VirshOkAsync("domiflist", g2));
        var tap1 = row1.Groups[1].Value;
        var tap2 = row2.Groups[1].Value;
        Assert.Equal(list1, await e.VireoOkAsync("domiflist", g1)); // vireo prints what virsh prints
        // Both taps are inside the test's namespace, enslaved to its bridge.
        Assert.Equal("br0", await NetLinks("master", ns, tap1));
        Assert.Equal("br0", await NetLinks("master", ns, tap2));

        await using var c1 = await e.ConsoleAsync(g1);
        await using var c2 = await e.ConsoleAsync(g2);
        await c1.WaitUntilReadyAsync();
        await c2.WaitUntilReadyAsync();
        var before = Counters(await e.VirshOkAsync("domifstat", g1, tap1));

        var ping = await c1.RunAsync("ping -c 3 -W 5 10.222.0.2");
        Assert.Contains("3 packets transmitted, 3 packets received", ping);
        Assert.Contains("3 packets transmitted, 3 packets received", await c2.RunAsync("ping -c 3 -W 5 10.222.0.1"));

        var after = Counters(await e.VirshOkAsync("domifstat", g1, tap1));
        Assert.True(after["tx_packets"] >= before["tx_packets"] + 6, $"guest 1 sent 3 echo requests and 3 replies: before {Show(before)}, after {Show(after)}");
        Assert.True(after["rx_packets"] >= before["rx_packets"] + 6, $"guest 1 received 3 replies and 3 requests: before {Show(before)}, after {Show(after)}");
        Assert.True(after["tx_bytes"] > before["tx_bytes"] && after["rx_bytes"] > before["rx_bytes"]);
        var viaVireo = Counters(await e.VireoOkAsync("domifstat", g1, tap1));
        Assert.True(viaVireo["rx_packets"] >= after["rx_packets"], "vireo domifstat reads the same counters");

        Assert.Equal($"Domain '{g1}' destroyed\n\n", await e.VirshOkAsync("destroy", g1));
        Assert.Equal($"Domain '{g2}' destroyed\n\n", await e.VirshOkAsync("destroy", g2));
        await ns.WaitUntilNoLinksAsync("vnet", TimeSpan.FromSeconds(10)); // the taps went with QEMU
        Assert.True(await ns.HasLinkAsync("br0"), "the bridge is the test's and stays");
        Assert.DoesNotContain("<target dev=", await e.VirshOkAsync("dumpxml", g1)); // shut off: no host device any more
    }

    private static Task<string?> NetLinks(string attribute, TestNetns ns, string link) =>
        Vireo.Platform.Network.NetLinks.ShowAttributeAsync(ns.Name, link, attribute);

    /// <summary>virsh domifstat's "vnet0 rx_bytes 1234" lines.</summary>
    internal static Dictionary<string, long> Counters(string domifstat) =>
        domifstat.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 3)
            .ToDictionary(f => f[1], f => long.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture));

    private static string Show(Dictionary<string, long> c) => string.Join(", ", c.Select(kv => $"{kv.Key}={kv.Value}"));
}

/// <summary>Stock virsh is a test prerequisite installed by scripts/setup.sh (libvirt-clients).</summary>
internal static class VirshRequired
{
    public static void Check() =>
        MachineSetUp.Require((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "virsh"))),
            "virsh (libvirt-clients)");
}
