using Vireo.Hosting;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.NodeDevices;

/// <summary>
/// The host's devices through Debian's virsh, python-libvirt and vireo against vireod's composition
/// (ServedEngine). The device set is this machine's, so these tests check what holds on any host (every PCI
/// function is listed, parents exist, virsh and vireo print the same lines); byte-for-byte agreement with
/// libvirtd is <see cref="NodeDeviceLibvirtdParityTests"/>. Refusals are libvirtd 9.0's sentences, measured.
/// </summary>
public sealed class NodeDeviceVirshTests
{
    [Fact]
    public async Task Virsh_lists_every_pci_function_and_net_interface_with_parents_that_exist()
    {
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync();
        var names = (await served.VirshOkAsync("nodedev-list")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("computer", names);
        foreach (var pci in Directory.EnumerateFileSystemEntries("/sys/bus/pci/devices").Select(Path.GetFileName))
            Assert.Contains("pci_" + pci!.Replace(':', '_').Replace('.', '_'), names);
        var nets = (await served.VirshOkAsync("nodedev-list", "--cap", "net")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(nets, n => n.StartsWith("net_lo_", StringComparison.Ordinal));
        Assert.All(nets, n => Assert.StartsWith("net_", n));

        var tree = await served.VirshOkAsync("nodedev-list", "--tree");
        Assert.StartsWith("computer\n  |\n", tree);
        foreach (var name in names.Where(n => n != "computer"))
        {
            Assert.Contains("+- " + name + "\n", tree);
            var xml = await served.VirshOkAsync("nodedev-dumpxml", name);
            Assert.StartsWith($"<device>\n  <name>{name}</name>\n", xml);
            var parent = System.Text.RegularExpressions.Regex.Match(xml, "<parent>(.*)</parent>").Groups[1].Value;
            Assert.Contains(parent, names);
        }
    }

    [Fact]
    public async Task An_unknown_device_and_every_change_are_refused_with_libvirtds_sentences_read_only_first()
    {
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync();
        var ro = Path.Combine(served.RootPath, "sock-ro");
        await served.Server.ListenAsync([ListenEndpoint.ReadOnlyAt(ro)], CancellationToken.None);
        var roUri = $"qemu+unix:///system?socket={ro}";

        Assert.Equal("error: Could not find matching device 'x'\nerror: Node device not found: no node device with matching name 'x'",
            (await served.VirshFailsAsync("nodedev-dumpxml", "x")).Trim());
        var pci = (await served.VirshOkAsync("nodedev-list", "--cap", "pci")).Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];

        async Task<string> RoFails(params string[] args)
        {
            var r = await ProcessRunner.RunAsync("virsh", ["-c", roUri, .. args]);
            Assert.True(r.ExitCode != 0, r.ToString());
            return r.Stderr.Trim();
        }
        Assert.Equal($"error: Failed to detach device {pci}\nerror: operation forbidden: read only access prevents virNodeDeviceDettach", await RoFails("nodedev-detach", pci));
        Assert.Equal($"error: Failed to reset device {pci}\nerror: operation forbidden: read only access prevents virNodeDeviceReset", await RoFails("nodedev-reset", pci));
        Assert.Equal($"error: Failed to re-attach device {pci}\nerror: operation forbidden: read only access prevents virNodeDeviceReAttach", await RoFails("nodedev-reattach", pci));
        Assert.Equal($"error: Failed to destroy node device '{pci}'\nerror: operation forbidden: read only access prevents virNodeDeviceDestroy", await RoFails("nodedev-destroy", pci));
        var xml = served.WriteFile("dev.xml", "<device><parent>computer</parent><capability type='mdev'><type id='x'/></capability></device>");
        Assert.Equal($"error: Failed to create node device from {xml}\nerror: operation forbidden: read only access prevents virNodeDeviceCreateXML", await RoFails("nodedev-create", xml));
        // Reads work read-only.
        Assert.Equal(await served.VirshOkAsync("nodedev-dumpxml", pci), (await ProcessRunner.RunAsync("virsh", ["-c", roUri, "nodedev-dumpxml", pci])).Stdout);

        // Read-write, vireod says why it will not.
        Assert.Equal($"error: Failed to detach device {pci}\nerror: this function is not supported by the connection driver: virNodeDeviceDettach: vireod serves host devices read-only and does not detach host devices from their drivers",
            (await served.VirshFailsAsync("nodedev-detach", pci)).Trim());
        Assert.Contains("virNodeDeviceDefineXML: vireod serves host devices read-only", await served.VirshFailsAsync("nodedev-define", xml));
        Assert.NotEmpty(await served.VirshOkAsync("nodedev-list")); // nothing was changed or broken
    }

    [Fact]
    public async Task Virsh_nodedev_event_registers_and_times_out_with_no_event_as_against_libvirtd()
    {
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync();
        // virsh ends a wait that saw no event with status 1, against libvirtd 9.0 too; registration itself succeeded.
        var r = await served.VirshAsync("nodedev-event", "--timeout", "1", "--event", "lifecycle");
        Assert.Equal((1, "event loop timed out\nevents received: 0\n\n", ""), (r.ExitCode, r.Stdout, r.Stderr));
        Assert.Equal(0, served.Rpc.EventRegistrationCount); // virsh deregistered before it quit
    }

    [Fact]
    public async Task Vireo_prints_the_same_lines_as_virsh()
    {
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync();
        var names = (await served.VirshOkAsync("nodedev-list")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        List<string[]> commands =
        [
            ["nodedev-list"], ["nodedev-list", "--tree"], ["nodedev-list", "--cap", "pci,net"], ["nodedev-list", "--all"],
            ["nodedev-list", "--inactive"], ["nodedev-list", "--cap", "storage,system"],
        ];
        foreach (var n in names) { commands.Add(["nodedev-dumpxml", n]); commands.Add(["nodedev-info", n]); }
        foreach (var args in commands)
        {
            var (virsh, vireo) = await served.BothOkAsync(args);
            Assert.True(virsh == vireo, $"{string.Join(' ', args)}:\n--- virsh\n{virsh}--- vireo\n{vireo}");
        }
        string[][] failing = [["nodedev-dumpxml", "x"], ["nodedev-list", "--tree", "--cap", "pci"], ["nodedev-list", "--cap", "bogus"]];
        foreach (var args in failing)
        {
            var virsh = await served.VirshAsync(args);
            var vireo = await served.VireoAsync(args);
            Assert.Equal((1, virsh.Stderr), (vireo.ExitCode, vireo.Stderr));
            Assert.Equal(1, virsh.ExitCode);
        }
    }
}
