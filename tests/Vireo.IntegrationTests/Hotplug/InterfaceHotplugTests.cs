using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Hotplug;

/// <summary>
/// virsh attach-interface / detach-interface on a running guest that already has eth0 on a bridge in
/// the test's namespace: the guest sees eth1 appear with the given MAC and can use it (it pings the
/// namespace's end of the bridge), the tap Vireo made goes when the NIC is detached.
/// </summary>
public sealed class InterfaceHotplugTests
{
    private const string HotMac = "52:54:00:44:00:09";

    [Fact]
    public async Task Attach_interface_live_gives_the_guest_a_working_eth1_and_detach_interface_removes_it()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await ns.AddBridgeAsync("br0");
        await ns.AddBridgeAsync("br1");
        // The namespace's own address on br1: something for the guest's new NIC to talk to.
        await Vireo.Platform.Network.IpCommand.RunAsync(ns.Name, "addr", "add", "10.225.0.254/24", "dev", "br1");
        await using var e = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("hpn");
        await e.VirshOkAsync("define", e.WriteFile(name + ".xml", GuestXml.Demo(name, GuestXml.BridgeNic("br0", "52:54:00:44:00:01"), "vireo.ip=10.227.0.1/24", ns.Placement)));
        await e.VirshOkAsync("start", name);
        await using var c = await e.ConsoleAsync(name);
        await c.WaitUntilReadyAsync();
        await c.QuietKernelAsync(); // the PCI hot-plug messages stay in dmesg (the console helpers cope with them either way)
        Assert.DoesNotContain("eth1", await c.RunAsync("ls /sys/class/net"));

        Assert.Equal("Interface attached successfully\n\n",
            await e.VirshOkAsync("attach-interface", name, "bridge", "br1", "--model", "virtio", "--mac", HotMac, "--live"));
        await Guest.EventuallyAsync(c, "cat /sys/class/net/eth1/address 2>&1", Regex.Escape(HotMac));
        var row = Regex.Match(await e.VirshOkAsync("domiflist", name), $@"^ (vnet\d+)\s+bridge\s+br1\s+virtio\s+{HotMac}$", RegexOptions.Multiline);
        Assert.True(row.Success, await e.VirshOkAsync("domiflist", name));
        var tap = row.Groups[1].Value;
        Assert.Equal("br1", await Vireo.Platform.Network.NetLinks.ShowAttributeAsync(ns.Name, tap, "master", TestContext.Current.CancellationToken));
        Assert.DoesNotContain(HotMac, await e.VirshOkAsync("domiflist", name, "--inactive")); // --live only

        // The new NIC works: the guest reaches the namespace's address on br1 through it.
        var ping = await c.RunAsync("ip addr add 10.225.0.1/24 dev eth1; ip link set eth1 up; ping -c 3 -W 5 10.225.0.254");
        Assert.Contains("3 packets transmitted, 3 packets received", ping);
        Assert.True(BridgeNetworkTests.Counters(await e.VirshOkAsync("domifstat", name, tap))["tx_packets"] >= 3);

        Assert.Equal("Interface detached successfully\n\n", await e.VirshOkAsync("detach-interface", name, "bridge", "--mac", HotMac, "--live"));
        await Guest.EventuallyAsync(c, "ls /sys/class/net; echo listed", "listed", mustNotMatch: @"\beth1\b");
        Assert.DoesNotContain(HotMac, await e.VirshOkAsync("domiflist", name));
        Assert.False(await ns.HasLinkAsync(tap), $"the tap {tap} went with QEMU's netdev");
        Assert.Equal("up", (await c.RunAsync("cat /sys/class/net/eth0/operstate")).Trim()); // eth0 untouched

        // vireo: the same, and a second attach reuses the freed QEMU ids without clashing.
        Assert.Equal("Interface attached successfully\n\n",
            await e.VireoOkAsync("attach-interface", name, "bridge", "br1", "--model", "virtio", "--mac", HotMac, "--live"));
        await Guest.EventuallyAsync(c, "cat /sys/class/net/eth1/address 2>&1", Regex.Escape(HotMac));
        Assert.Equal("Interface detached successfully\n\n", await e.VireoOkAsync("detach-interface", name, "bridge", "--mac", HotMac, "--live"));
        await Guest.EventuallyAsync(c, "ls /sys/class/net; echo listed", "listed", mustNotMatch: @"\beth1\b");
    }

    [Fact]
    public async Task Interface_errors_name_the_cause_and_change_nothing()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await ns.AddBridgeAsync("br0");
        await using var e = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("hpe");
        await e.VirshOkAsync("define", e.WriteFile(name + ".xml", GuestXml.Demo(name, GuestXml.BridgeNic("br0", "52:54:00:44:00:01"), metadata: ns.Placement)));

        var r = await e.VirshAsync("attach-interface", name, "bridge", "br0", "--model", "virtio", "--live");
        Assert.Contains("error: Requested operation is not valid: domain is not running", r.Stderr);

        await e.VirshOkAsync("start", name);
        r = await e.VirshAsync("attach-interface", name, "bridge", "nosuchbr", "--model", "virtio", "--live");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("bridge 'nosuchbr' does not exist (in network namespace", r.Stderr);
        r = await e.VirshAsync("attach-interface", name, "bridge", "br0", "--model", "virtio", "--mac", "52:54:00:44:00:01", "--live");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"domain '{name}' already has an interface with MAC address 52:54:00:44:00:01", r.Stderr);
        var xml = e.WriteFile("nic.xml", "<interface type='bridge'><mac address='52:54:00:44:00:77'/><source bridge='br0'/></interface>");
        r = await e.VirshAsync("detach-device", name, xml, "--live");
        Assert.Contains($"error: device not found: domain '{name}' has no interface with MAC address 52:54:00:44:00:77", r.Stderr);

        Assert.Single(await ns.LinksNamedAsync("vnet")); // only the guest's own tap: nothing half-made was left
        Assert.Single(Regex.Matches(await e.VirshOkAsync("domiflist", name), "^ vnet", RegexOptions.Multiline));
    }
}
