using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Network;

/// <summary>
/// The other interface kinds and the &lt;driver&gt; knobs, each checked where it takes effect: in
/// QEMU (QMP) and in the guest (sysfs, DHCP), plus the refusal of vhost-net on a host without it.
/// </summary>
public sealed class InterfaceOptionsTests
{
    [Fact]
    public async Task Driver_queues_and_offloads_reach_qemu_and_the_guest_and_setlink_changes_the_guests_carrier()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await ns.AddBridgeAsync("br0");
        await using var e = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("drv");
        var driver = "<driver queues='2' rx_queue_size='512' tx_queue_size='256'><host csum='off' gso='off'/><guest tso4='off'/></driver>";
        // Two vCPUs: the guest's virtio-net uses as many queue pairs as it has CPUs.
        var xml = GuestXml.Demo(name, GuestXml.BridgeNic("br0", "52:54:00:55:00:01", driver), "vireo.ip=10.226.0.1/24", ns.Placement).Replace("<vcpu>1</vcpu>", "<vcpu>2</vcpu>", StringComparison.Ordinal);
        await e.VirshOkAsync("define", e.WriteFile(name + ".xml", xml));
        await e.VirshOkAsync("start", name);
        var tap = Regex.Match(await e.VirshOkAsync("domiflist", name), @"^ (vnet\d+)\s", RegexOptions.Multiline).Groups[1].Value;
        Assert.NotEmpty(tap);

        // QEMU runs the NIC as asked (virtio-net's own properties).
        var nic = "/machine/peripheral/net0/virtio-backend";
        Assert.True((await e.QmpAsync(name, QmpCommands.QomGet(nic, "mq")))!.GetValue<bool>());
        Assert.False((await e.QmpAsync(name, QmpCommands.QomGet(nic, "csum")))!.GetValue<bool>());
        Assert.False((await e.QmpAsync(name, QmpCommands.QomGet(nic, "gso")))!.GetValue<bool>());
        Assert.False((await e.QmpAsync(name, QmpCommands.QomGet(nic, "guest_tso4")))!.GetValue<bool>());
        Assert.Equal(512, (await e.QmpAsync(name, QmpCommands.QomGet(nic, "rx_queue_size")))!.GetValue<int>());
        // Two queues need a multi-queue tap with two descriptors.
        Assert.Contains("multi_queue", await Vireo.Platform.Network.IpCommand.RunAsync(ns.Name, "-d", "-o", "link", "show", "dev", tap));

        await using var c = await e.ConsoleAsync(name);
        await c.WaitUntilReadyAsync();
        await c.QuietKernelAsync();
        // The guest driver sees two queue pairs, and the negotiated virtio features lack the refused offloads:
        // bit 0 VIRTIO_NET_F_CSUM, bit 7 VIRTIO_NET_F_GUEST_TSO4; bit 22 VIRTIO_NET_F_MQ is on.
        Assert.Equal("rx-0 rx-1 tx-0 tx-1", string.Join(' ', (await c.RunAsync("ls /sys/class/net/eth0/queues")).Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries)));
        var features = (await c.RunAsync("cat /sys/class/net/eth0/device/features")).Trim();
        Assert.Matches("^[01]{64}$", features);
        Assert.Equal('0', features[0]);
        Assert.Equal('0', features[7]);
        Assert.Equal('1', features[22]);

        // domif-setlink: the guest's eth0 loses its carrier, and gets it back.
        // QEMU raises a config interrupt; the guest's driver drops the carrier from a work queue and the kernel's
        // link watcher updates operstate up to a second later, so the guest is asked until it shows the change.
        const string carrier = "echo carrier=$(cat /sys/class/net/eth0/carrier) operstate=$(cat /sys/class/net/eth0/operstate)";
        Assert.Equal("carrier=1 operstate=up", (await c.RunAsync(carrier)).Trim());
        Assert.Equal("Device updated successfully\n\n", await e.VirshOkAsync("domif-setlink", name, tap, "down"));
        await Guest.EventuallyAsync(c, carrier, @"^carrier=0 operstate=down\s*$");
        Assert.Equal($"{tap} down\n", await e.VirshOkAsync("domif-getlink", name, tap)); // stock virsh prints one line
        Assert.Contains("<link state='down'/>", await e.VirshOkAsync("dumpxml", name));
        Assert.DoesNotContain("<link state=", await e.VirshOkAsync("dumpxml", "--inactive", name)); // --live by default: config untouched
        Assert.Equal("Device updated successfully\n\n", await e.VirshOkAsync("domif-setlink", name, "52:54:00:55:00:01", "up"));
        await Guest.EventuallyAsync(c, carrier, @"^carrier=1 operstate=up\s*$");
        Assert.Equal($"{tap} up\n", await e.VirshOkAsync("domif-getlink", name, tap));
    }

    [Fact]
    public async Task User_mode_guest_gets_its_address_from_qemus_dhcp_server()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync(); // QEMU (and so its user-mode stack) runs inside it
        await using var e = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("usr");
        await e.VirshOkAsync("define", e.WriteFile(name + ".xml", GuestXml.Demo(name,
            "<interface type='user'><mac address='52:54:00:66:00:01'/><model type='virtio'/></interface>", metadata: ns.Placement)));
        await e.VirshOkAsync("start", name);
        Assert.Matches(new Regex(@"^ -\s+user\s+-\s+virtio\s+52:54:00:66:00:01$", RegexOptions.Multiline), await e.VirshOkAsync("domiflist", name));
        var network = (await e.QmpAsync(name, QmpCommands.HumanMonitorCommand("info network")))!.GetValue<string>();
        Assert.Contains("hostnet0: index=0,type=user", network);

        await using var c = await e.ConsoleAsync(name);
        await c.WaitUntilReadyAsync();
        var dhcp = await c.RunAsync("ip link set eth0 up; udhcpc -i eth0 -n -q -t 5 -s /bin/true 2>&1");
        Assert.Contains("lease of 10.0.2.15 obtained", dhcp);
    }

    [Fact]
    public async Task Ethernet_interface_is_a_bare_tap_that_the_namespace_reaches()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await using var e = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("eth");
        await e.VirshOkAsync("define", e.WriteFile(name + ".xml", GuestXml.Demo(name,
            "<interface type='ethernet'><mac address='52:54:00:77:00:01'/><target dev='lab-tap0'/><model type='virtio'/></interface>",
            "vireo.ip=10.224.0.1/24", ns.Placement)));
        await e.VirshOkAsync("start", name);
        Assert.Matches(new Regex(@"^ lab-tap0\s+ethernet\s+-\s+virtio\s+52:54:00:77:00:01$", RegexOptions.Multiline), await e.VirshOkAsync("domiflist", name));
        Assert.Null(await Vireo.Platform.Network.NetLinks.ShowAttributeAsync(ns.Name, "lab-tap0", "master", TestContext.Current.CancellationToken)); // on no bridge

        await using var c = await e.ConsoleAsync(name);
        await c.WaitUntilReadyAsync();
        await Vireo.Platform.Network.IpCommand.RunAsync(ns.Name, "addr", "add", "10.224.0.254/24", "dev", "lab-tap0");
        var ping = await ProcessRunner.RunAsync("ip", ["netns", "exec", ns.Name, "busybox", "ping", "-c", "3", "-W", "5", "10.224.0.1"]);
        Assert.True(ping.ExitCode == 0, ping.ToString());
        Assert.Contains("3 packets transmitted, 3 packets received", ping.Stdout);
        await e.VirshOkAsync("destroy", name);
        Assert.False(await ns.HasLinkAsync("lab-tap0"), "the tap went with QEMU");
    }

    [Fact]
    public async Task Vhost_driver_is_refused_clearly_on_a_host_without_vhost_net_and_leaves_nothing_behind()
    {
        VirshRequired.Check();
        Assert.SkipWhen(File.Exists("/dev/vhost-net"), "this host has /dev/vhost-net, so vhost is used rather than refused");
        await using var ns = await TestNetns.CreateAsync();
        await ns.AddBridgeAsync("br0");
        await using var e = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("vh");
        await e.VirshOkAsync("define", e.WriteFile(name + ".xml", GuestXml.Demo(name,
            GuestXml.BridgeNic("br0", "52:54:00:88:00:01", "<driver name='vhost'/>"), metadata: ns.Placement)));
        var r = await e.VirshAsync("start", name);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("vhost-net is not available on this host (/dev/vhost-net is missing); remove <driver name='vhost'/> from <interface type='bridge'> net0 (52:54:00:88:00:01)", r.Stderr);
        Assert.Equal("shut off\n\n", await e.VirshOkAsync("domstate", name));
        Assert.Empty(await ns.LinksNamedAsync("vnet"));
        Assert.Empty(Directory.GetFiles(e.Paths.RunDir, "*.xml"));
    }
}
