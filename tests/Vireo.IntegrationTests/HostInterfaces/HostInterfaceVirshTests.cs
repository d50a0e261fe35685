using Vireo.Hosting;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.HostInterfaces;

/// <summary>
/// The host's interfaces through Debian's virsh and vireo against vireod (ServedEngine), with test interfaces made
/// in the host's namespace (<see cref="HostTestLinks"/>). What must hold on any host is checked here; line-for-line
/// agreement with libvirtd is <see cref="HostInterfaceLibvirtdParityTests"/>. Refusals are libvirtd 9.0's, measured.
/// </summary>
[Collection(HostInterfaceCollection.Name)]
public sealed class HostInterfaceVirshTests
{
    /// <summary>iface-list's rows as name -> (state, MAC).</summary>
    private static Dictionary<string, (string State, string Mac)> Rows(string table) =>
        table.Split('\n').Skip(2).Where(l => l.Trim().Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(c => c[0], c => (c[1], c.Length > 2 ? c[2] : ""));

    [Fact]
    public async Task Virsh_lists_a_bridge_without_its_port_and_shows_the_port_inside_the_bridges_xml()
    {
        VirshRequired.Check();
        await using var links = await HostTestLinks.CreateAsync();
        await using var served = await ServedEngine.StartAsync();

        var all = Rows(await served.VirshOkAsync("iface-list", "--all"));
        Assert.Equal(("active", links.BridgeMac), all[links.Bridge]);
        Assert.Equal(("active", HostTestLinks.Sysfs(links.Peer, "address")), all[links.Peer]);
        Assert.Equal(("inactive", HostTestLinks.Sysfs(links.Dotted, "address")), all[links.Dotted]);
        Assert.Equal(("inactive", "00:00:00:00:00:00"), all["lo"]); // operstate "unknown" is not "up"
        Assert.DoesNotContain(links.Port, all.Keys); // a bridge port
        var active = Rows(await served.VirshOkAsync("iface-list"));
        Assert.Contains(links.Bridge, active.Keys);
        Assert.DoesNotContain("lo", active.Keys);
        var inactive = Rows(await served.VirshOkAsync("iface-list", "--inactive"));
        Assert.Contains(links.Dotted, inactive.Keys);
        Assert.DoesNotContain(links.Bridge, inactive.Keys);

        var portMac = HostTestLinks.Sysfs(links.Port, "address");
        var expected = string.Join('\n',
            $"<interface type='bridge' name='{links.Bridge}'>",
            $"  <mtu size='{HostTestLinks.Sysfs(links.Bridge, "mtu")}'/>",
            "  <bridge stp='off' delay='0'>",
            $"    <interface type='ethernet' name='{links.Port}'>",
            $"      <link speed='{HostTestLinks.Sysfs(links.Port, "speed")}' state='up'/>",
            $"      <mac address='{portMac}'/>",
            "    </interface>",
            "  </bridge>",
            "</interface>", "", "");
        Assert.Equal(expected, await served.VirshOkAsync("iface-dumpxml", links.Bridge));
        Assert.Equal(expected, await served.VirshOkAsync("iface-dumpxml", links.BridgeMac, "--inactive"));
        Assert.Equal(links.Bridge + "\n\n", await served.VirshOkAsync("iface-name", links.BridgeMac));
        Assert.Equal(links.BridgeMac + "\n\n", await served.VirshOkAsync("iface-mac", links.Bridge));
        // Not listed, but found by name.
        Assert.Equal(portMac + "\n\n", await served.VirshOkAsync("iface-mac", links.Port));
        Assert.StartsWith($"<interface type='ethernet' name='{links.Port}'>\n  <mtu size=", await served.VirshOkAsync("iface-dumpxml", links.Port));
    }

    [Fact]
    public async Task Unknown_names_and_macs_and_every_change_are_refused_in_libvirtds_words_read_only_first()
    {
        VirshRequired.Check();
        await using var links = await HostTestLinks.CreateAsync();
        await using var served = await ServedEngine.StartAsync();
        var ro = Path.Combine(served.RootPath, "sock-ro");
        await served.Server.ListenAsync([ListenEndpoint.ReadOnlyAt(ro)], CancellationToken.None);
        async Task<string> Fails(string uri, params string[] args)
        {
            var r = await ProcessRunner.RunAsync("virsh", ["-c", uri, .. args]);
            Assert.True(r.ExitCode == 1 && r.Stdout.Trim().Length == 0, r.ToString());
            return r.Stderr.Trim();
        }
        var rw = served.Uri;
        var roUri = $"qemu+unix:///system?socket={ro}";

        Assert.Equal("error: failed to get interface 'nosuch'\nerror: Interface not found: couldn't find interface named 'nosuch'", await Fails(rw, "iface-dumpxml", "nosuch"));
        Assert.Equal("error: failed to get interface '02:00:00:00:00:ff'\nerror: Interface not found: couldn't find interface with MAC address '02:00:00:00:00:ff'",
            await Fails(rw, "iface-name", "02:00:00:00:00:ff"));
        var upper = links.BridgeMac.ToUpperInvariant();
        Assert.Equal($"error: failed to get interface '{upper}'\nerror: Interface not found: couldn't find interface with MAC address '{upper}'", await Fails(rw, "iface-name", upper));
        var peerMac = HostTestLinks.Sysfs(links.Peer, "address");
        Assert.Equal($"error: failed to get interface '{peerMac}'\nerror: multiple matching interfaces found: the MAC address '{peerMac}' matches multiple interfaces",
            await Fails(rw, "iface-name", peerMac));
        Assert.Equal($"error: Failed to open file '/proc/net/vlan/{links.Dotted}': No such file or directory", await Fails(rw, "iface-dumpxml", links.Dotted));

        var xml = served.WriteFile("iface.xml", $"<interface type='ethernet' name='{links.Bridge}x'><mac address='02:00:00:00:00:fe'/></interface>");
        (string[] Args, string Context, string Api)[] changes =
        [
            (["iface-start", links.Bridge], $"Failed to start interface {links.Bridge}", "virInterfaceCreate"),
            (["iface-destroy", links.Bridge], $"Failed to destroy interface {links.Bridge}", "virInterfaceDestroy"),
            (["iface-undefine", links.Bridge], $"Failed to undefine interface {links.Bridge}", "virInterfaceUndefine"),
            (["iface-define", xml], $"Failed to define interface from {xml}", "virInterfaceDefineXML"),
            (["iface-begin"], "Failed to begin network config change transaction", "virInterfaceChangeBegin"),
            (["iface-commit"], "Failed to commit network config change transaction", "virInterfaceChangeCommit"),
            (["iface-rollback"], "Failed to rollback network config change transaction", "virInterfaceChangeRollback"),
            (["iface-bridge", links.Peer, links.Bridge + "n"], $"Failed to define new bridge interface {links.Bridge}n", "virInterfaceDefineXML"),
            (["iface-unbridge", links.Bridge], $"Failed to destroy bridge interface {links.Bridge}", "virInterfaceDestroy"),
        ];
        foreach (var (args, context, api) in changes)
        {
            Assert.Equal($"error: {context}\nerror: this function is not supported by the connection driver: {api}", await Fails(rw, args));
            Assert.Equal($"error: {context}\nerror: operation forbidden: read only access prevents {api}", await Fails(roUri, args));
        }
        // Reads work read-only, and nothing was changed.
        Assert.Equal(await served.VirshOkAsync("iface-dumpxml", links.Bridge), (await ProcessRunner.RunAsync("virsh", ["-c", roUri, "iface-dumpxml", links.Bridge])).Stdout);
        Assert.Equal("up", HostTestLinks.Sysfs(links.Bridge, "operstate"));
        Assert.True(Path.Exists($"/sys/class/net/{links.Bridge}/brif/{links.Port}"));
        Assert.False(Directory.Exists($"/sys/class/net/{links.Bridge}n"));
    }

    [Fact]
    public async Task Vireo_prints_the_same_lines_as_virsh()
    {
        VirshRequired.Check();
        await using var links = await HostTestLinks.CreateAsync();
        await using var served = await ServedEngine.StartAsync();
        List<string[]> ok = [["iface-list"], ["iface-list", "--all"], ["iface-list", "--inactive"]];
        foreach (var name in new[] { links.Bridge, links.Port, links.Peer, "lo" })
        {
            ok.Add(["iface-dumpxml", name]);
            ok.Add(["iface-dumpxml", name, "--inactive"]);
            ok.Add(["iface-mac", name]);
        }
        ok.Add(["iface-name", links.BridgeMac]);
        ok.Add(["iface-dumpxml", "--interface", links.BridgeMac]);
        foreach (var args in ok)
        {
            var (virsh, vireo) = await served.BothOkAsync(args);
            Assert.True(virsh == vireo, $"{string.Join(' ', args)}:\n--- virsh\n{virsh}--- vireo\n{vireo}");
        }
        string[][] failing =
        [
            ["iface-dumpxml", "nosuch"], ["iface-dumpxml", links.Dotted], ["iface-name", HostTestLinks.Sysfs(links.Peer, "address")],
            ["iface-name", "02:00:00:00:00:ff"], ["iface-name", links.Bridge], ["iface-mac", links.BridgeMac], ["iface-name", links.BridgeMac.ToUpperInvariant()],
            ["iface-dumpxml", ""], ["iface-list", "--all", "--inactive"],
        ];
        foreach (var args in failing)
        {
            var virsh = await served.VirshAsync(args);
            var vireo = await served.VireoAsync(args);
            Assert.True(virsh.ExitCode == 1, virsh.ToString());
            Assert.Equal((1, virsh.Stderr), (vireo.ExitCode, vireo.Stderr));
        }
    }
}
