using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Vireo.Hosting;
using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;
using Vireo.Platform.Network;

namespace Vireo.IntegrationTests.Network;

/// <summary>
/// The network driver through Debian's virsh and python-libvirt against vireod's composition, with the
/// driver managing bridges in a namespace each test creates (never the host's). Outputs and refusals are
/// libvirtd 9.0's network driver's, checked by hand against a sandboxed libvirtd. The last test starts a
/// real guest on an isolated network the driver made and pings the bridge's address from inside.
/// </summary>
public sealed class NetworkDriverVirshTests
{
    private static string IsolatedXml(string name, string bridge, string address) =>
        $"<network><name>{name}</name><bridge name='{bridge}'/><ip address='{address}' prefix='24'/></network>";

    [Fact]
    public async Task An_isolated_network_is_defined_started_listed_and_removed_with_virsh_and_its_bridge_lives_only_while_active()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await using var served = await ServedEngine.StartWithNetworkNamespaceAsync(ns.Name);
        var net = DemoKit.UniqueName("iso");
        var file = served.WriteFile("iso.xml", IsolatedXml(net, "vnb0", "10.77.0.1"));

        Assert.Equal($"Network {net} defined from {file}\n\n", await served.VirshOkAsync("net-define", file));
        Assert.Matches($@"^ {net}\s+inactive\s+no\s+yes\s*$", (await served.VirshOkAsync("net-list", "--all")).Split('\n')[2]);
        var xml = await served.VirshOkAsync("net-dumpxml", net);
        Assert.Contains("<bridge name='vnb0' stp='on' delay='0'/>", xml);
        Assert.Matches(@"<mac address='52:54:00(:[0-9a-f]{2}){3}'/>", xml);
        Assert.Contains("<ip address='10.77.0.1' prefix='24'>\n  </ip>", xml);
        Assert.False(await ns.HasLinkAsync("vnb0"), "defining creates nothing on the host");
        // The file the QEMU driver reads for <interface type='network'> is the one net-define wrote.
        Assert.Contains("<bridge name='vnb0'", File.ReadAllText(Path.Combine(served.Paths.ConfigDir, "networks", net + ".xml")));

        Assert.Equal($"Network {net} started\n\n", await served.VirshOkAsync("net-start", net));
        Assert.True(await ns.HasLinkAsync("vnb0"), await ns.LinksAsync());
        var addr = await IpCommand.RunAsync(ns.Name, "-o", "address", "show", "dev", "vnb0");
        Assert.Contains("inet 10.77.0.1/24", addr);
        Assert.Matches(@"<[^>]*\bUP\b[^>]*>", await IpCommand.RunAsync(ns.Name, "-o", "link", "show", "dev", "vnb0")); // up (no carrier: no port yet)
        Assert.Equal("error: Failed to start network " + net + "\nerror: Requested operation is not valid: network is already active",
            (await served.VirshFailsAsync("net-start", net)).Trim());

        Assert.Equal($"Network {net} marked as autostarted\n\n", await served.VirshOkAsync("net-autostart", net));
        Assert.Matches($@"^ {net}\s+active\s+yes\s+yes\s*$", (await served.VirshOkAsync("net-list")).Split('\n')[2]);
        var info = await served.VirshOkAsync("net-info", net);
        var uuid = (await served.VirshOkAsync("net-uuid", net)).Trim();
        Assert.Equal($"Name:           {net}\nUUID:           {uuid}\nActive:         yes\nPersistent:     yes\nAutostart:      yes\nBridge:         vnb0\n\n", info);
        Assert.Equal(net, (await served.VirshOkAsync("net-name", uuid)).Trim());

        Assert.Equal($"Network {net} destroyed\n\n", await served.VirshOkAsync("net-destroy", net));
        Assert.False(await ns.HasLinkAsync("vnb0"), "destroy removes the bridge the network created");
        Assert.Equal($"error: Failed to destroy network {net}\nerror: Requested operation is not valid: network '{net}' is not active",
            (await served.VirshFailsAsync("net-destroy", net)).Trim());
        Assert.Equal($"Network {net} has been undefined\n\n", await served.VirshOkAsync("net-undefine", net));
        Assert.Equal($"error: failed to get network '{net}'\nerror: Network not found: no network with matching name '{net}'",
            (await served.VirshFailsAsync("net-info", net)).Trim());
        Assert.False(File.Exists(Path.Combine(served.Paths.ConfigDir, "networks", net + ".xml")));
    }

    [Fact]
    public async Task A_host_bridge_network_starts_only_on_an_existing_bridge_and_never_changes_it()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await using var served = await ServedEngine.StartWithNetworkNamespaceAsync(ns.Name);
        var net = DemoKit.UniqueName("hb");
        var file = served.WriteFile("hb.xml", $"<network><name>{net}</name><forward mode='bridge'/><bridge name='br0'/></network>");
        await served.VirshOkAsync("net-define", file);
        var uuid = (await served.VirshOkAsync("net-uuid", net)).Trim();
        Assert.Equal($"<network>\n  <name>{net}</name>\n  <uuid>{uuid}</uuid>\n  <forward mode='bridge'/>\n  <bridge name='br0'/>\n</network>\n\n",
            await served.VirshOkAsync("net-dumpxml", net));

        var refused = await served.VirshFailsAsync("net-start", net);
        Assert.Contains($"cannot start network '{net}': its host bridge 'br0' does not exist", refused);
        Assert.False(await ns.HasLinkAsync("br0"), "Vireo does not create a host bridge");

        await ns.AddBridgeAsync("br0");
        Assert.Equal($"Network {net} started\n\n", await served.VirshOkAsync("net-start", net));
        Assert.Equal("br0", (await served.VirshOkAsync("net-info", net)).Split('\n').Single(l => l.StartsWith("Bridge:", StringComparison.Ordinal))[7..].Trim());
        // As libvirt: an active network may be undefined, and runs on as a transient one.
        await served.VirshOkAsync("net-undefine", net);
        Assert.Matches($@"^ {net}\s+active\s+no\s+no\s*$", (await served.VirshOkAsync("net-list", "--all")).Split('\n')[2]);
        Assert.Equal($"error: failed to mark network {net} as autostarted\nerror: Requested operation is not valid: cannot set autostart for transient network",
            (await served.VirshFailsAsync("net-autostart", net)).Trim());
        await served.VirshOkAsync("net-destroy", net);
        Assert.True(await ns.HasLinkAsync("br0"), "the administrator's bridge stays");
        Assert.DoesNotContain(net, await served.VirshOkAsync("net-list", "--all"));
    }

    [Fact]
    public async Task What_Vireo_does_not_run_is_refused_and_conflicts_are_libvirts_errors()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await using var served = await ServedEngine.StartWithNetworkNamespaceAsync(ns.Name);
        var nat = served.WriteFile("nat.xml", "<network><name>nat</name><forward mode='nat'><nat><address start='192.0.2.9' end='192.0.2.9'/></nat></forward><bridge name='vnb8'/>"
            + "<ip address='10.78.0.1' netmask='255.255.255.0'><dhcp><range start='10.78.0.2' end='10.78.0.254'/></dhcp></ip></network>");
        var refusal = (await served.VirshFailsAsync("net-define", nat)).Trim();
        Assert.Equal($"error: Failed to define network from {nat}\nerror: unsupported configuration: network 'nat' uses <address> in <nat>, "
            + "which Vireo's network driver does not support; it runs bridges, IPv4 DHCP ranges and static hosts, and NAT or routing through nftables.", refusal);
        Assert.DoesNotContain("nat", await served.VirshOkAsync("net-list", "--all", "--name"));

        var a = DemoKit.UniqueName("a");
        await served.VirshOkAsync("net-define", served.WriteFile("a.xml", IsolatedXml(a, "vnb1", "10.79.0.1")));
        Assert.Equal($"error: Failed to define network from {served.RootPath}/b.xml\nerror: internal error: bridge name 'vnb1' already in use.",
            (await served.VirshFailsAsync("net-define", served.WriteFile("b.xml", IsolatedXml("b", "vnb1", "10.80.0.1")))).Trim());
        var uuid = (await served.VirshOkAsync("net-uuid", a)).Trim();
        Assert.Equal($"error: Failed to define network from {served.RootPath}/a2.xml\nerror: operation failed: network '{a}' already exists with uuid {uuid}",
            (await served.VirshFailsAsync("net-define", served.WriteFile("a2.xml", IsolatedXml(a, "vnb2", "10.81.0.1")))).Trim());

        // A bridge of that name already on the host: an isolated network will not take it over.
        await ns.AddBridgeAsync("vnb1");
        Assert.Contains("bridge 'vnb1' already exists on the host", await served.VirshFailsAsync("net-start", a));
    }

    [Fact]
    public async Task Python_libvirt_lists_with_flags_reads_no_leases_of_a_network_without_dhcp_sees_lifecycle_events_and_is_refused_changes_when_read_only()
    {
        await using var ns = await TestNetns.CreateAsync();
        await using var served = await ServedEngine.StartWithNetworkNamespaceAsync(ns.Name);
        var ro = Path.Combine(served.RootPath, "sock-ro");
        await served.Server.ListenAsync([ListenEndpoint.ReadOnlyAt(ro)], CancellationToken.None);
        var net = DemoKit.UniqueName("py");
        var xml = IsolatedXml(net, "vnb3", "10.82.0.1");
        var script = served.WriteFile("net.py", """
            import libvirt, sys, threading
            libvirt.virEventRegisterDefaultImpl()
            c = libvirt.open(sys.argv[1])
            seen = []
            names = {0: "Defined", 1: "Undefined", 2: "Started", 3: "Stopped"}
            c.networkEventRegisterAny(None, libvirt.VIR_NETWORK_EVENT_ID_LIFECYCLE, lambda conn, n, ev, detail, opaque: seen.append(n.name() + " " + names[ev]), None)
            n = c.networkDefineXML(sys.argv[3])
            n.create()
            n.setAutostart(1)
            print(sorted(x.name() for x in c.listAllNetworks(libvirt.VIR_CONNECT_LIST_NETWORKS_ACTIVE | libvirt.VIR_CONNECT_LIST_NETWORKS_AUTOSTART)))
            print(c.listAllNetworks(libvirt.VIR_CONNECT_LIST_NETWORKS_INACTIVE), c.numOfNetworks(), c.listNetworks(), c.numOfDefinedNetworks())
            print(n.DHCPLeases(), n.bridgeName(), n.isActive(), n.isPersistent(), n.autostart())
            print(c.networkLookupByUUIDString(n.UUIDString()).name())
            r = libvirt.openReadOnly(sys.argv[2])
            rn = r.networkLookupByName(sys.argv[4])
            print("<bridge name='vnb3'" in rn.XMLDesc(libvirt.VIR_NETWORK_XML_INACTIVE))
            for f in (rn.destroy, rn.undefine, lambda: r.networkDefineXML(sys.argv[3])):
                try:
                    f()
                except libvirt.libvirtError as e:
                    print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            try:
                c.networkLookupByName("nope")
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            n.destroy()
            n.undefine()
            while len(seen) < 4:
                libvirt.virEventRunDefaultImpl()
            print(seen)
            """);
        var output = await ProcessRunner.OkAsync("/usr/bin/python3", script, served.Uri, $"qemu+unix:///system?socket={ro}", xml, net);
        var lines = output.Split('\n');
        Assert.Equal($"['{net}']", lines[0]);
        Assert.Equal("[] 1 ['" + net + "'] 0", lines[1]);
        Assert.Equal("[] vnb3 1 1 1", lines[2]);
        Assert.Equal(net, lines[3]);
        Assert.Equal("True", lines[4]);
        Assert.Equal("29 19 operation forbidden: read only access prevents virNetworkDestroy", lines[5]);
        Assert.Equal("29 19 operation forbidden: read only access prevents virNetworkUndefine", lines[6]);
        Assert.Equal("29 19 operation forbidden: read only access prevents virNetworkDefineXML", lines[7]);
        Assert.Equal("43 19 Network not found: no network with matching name 'nope'", lines[8]);
        Assert.Equal($"['{net} Defined', '{net} Started', '{net} Stopped', '{net} Undefined']", lines[9]);
        Assert.False(await ns.HasLinkAsync("vnb3"));
    }

    [Fact]
    public async Task Virsh_net_event_loop_prints_defined_started_stopped_and_undefined()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await using var served = await ServedEngine.StartWithNetworkNamespaceAsync(ns.Name);
        var start = new ProcessStartInfo("virsh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", served.Uri, "net-event", "--event", "lifecycle", "--loop", "--timeout", "120" }) start.ArgumentList.Add(a);
        using var virsh = Process.Start(start)!;
        var output = new StringBuilder();
        virsh.OutputDataReceived += (_, e) => { if (e.Data is { } l) lock (output) output.AppendLine(l); };
        virsh.BeginOutputReadLine();
        try
        {
            // virsh says nothing once it has registered: the daemon's count of event callbacks says when it has.
            await Expect.EventuallyAsync(() => Task.FromResult(served.Rpc.EventRegistrationCount), n => n >= 1, "virsh net-event registering");

            var net = DemoKit.UniqueName("ev");
            await served.VirshOkAsync("net-define", served.WriteFile("ev.xml", IsolatedXml(net, "vnb4", "10.83.0.1")));
            await served.VirshOkAsync("net-start", net);
            await served.VirshOkAsync("net-destroy", net);
            await served.VirshOkAsync("net-undefine", net);
            var expected = string.Join("", new[] { "Defined", "Started", "Stopped", "Undefined" }.Select(e => $"event 'lifecycle' for network {net}: {e}\n"));
            await Expect.EventuallyAsync(() =>
            {
                lock (output) return Task.FromResult(output.ToString().Replace("\r", "").Contains(expected, StringComparison.Ordinal));
            }, seen => seen, "virsh net-event printing the four lifecycle events in order");
        }
        finally
        {
            virsh.Kill();
            await virsh.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task A_guest_on_an_isolated_network_the_driver_started_gets_its_tap_on_the_bridge_and_pings_the_bridge_address()
    {
        VirshRequired.Check();
        await using var ns = await TestNetns.CreateAsync();
        await using var served = await ServedEngine.StartWithNetworkNamespaceAsync(ns.Name);
        var net = DemoKit.UniqueName("lab");
        await served.VirshOkAsync("net-define", served.WriteFile("lab.xml", IsolatedXml(net, "vnb5", "10.84.0.1")));
        await served.VirshOkAsync("net-start", net);

        var guest = DemoKit.UniqueName("onnet");
        const string mac = "52:54:00:84:00:02";
        await served.VirshOkAsync("define", served.WriteFile(guest + ".xml", GuestXml.Demo(guest,
            $"<interface type='network'><mac address='{mac}'/><source network='{net}'/><model type='virtio'/></interface>",
            cmdline: "vireo.ip=10.84.0.2/24", metadata: ns.Placement)));
        Assert.Equal($"Domain '{guest}' started\n\n", await served.VirshOkAsync("start", guest));
        var row = Regex.Match(await served.VirshOkAsync("domiflist", guest), $@"^ (vnet\d+)\s+network\s+{net}\s+virtio\s+{mac}$", RegexOptions.Multiline);
        Assert.True(row.Success, await served.VirshOkAsync("domiflist", guest));
        Assert.Equal("vnb5", await NetLinks.ShowAttributeAsync(ns.Name, row.Groups[1].Value, "master", TestContext.Current.CancellationToken));

        await using var console = await served.ConsoleAsync(guest);
        await console.WaitUntilReadyAsync();
        Assert.Contains("3 packets transmitted, 3 packets received", await console.RunAsync("ping -c 3 -W 5 10.84.0.1"));

        // As libvirt, a network in use may be destroyed: the bridge goes, the guest keeps running.
        await served.VirshOkAsync("net-destroy", net);
        Assert.False(await ns.HasLinkAsync("vnb5"));
        Assert.Equal("running", (await served.VirshOkAsync("domstate", guest)).Trim());
        await served.VirshOkAsync("destroy", guest);
    }
}
