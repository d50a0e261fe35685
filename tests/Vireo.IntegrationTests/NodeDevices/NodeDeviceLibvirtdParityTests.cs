using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.NodeDevices;

/// <summary>
/// vireod and Debian's libvirtd 9.0, both on this machine at once, asked the same things by the same virsh
/// and python-libvirt: every line must agree (names, tree, each device's XML, nodedev-info, refusals).
/// </summary>
public sealed class NodeDeviceLibvirtdParityTests
{
    [Fact]
    public async Task Virsh_prints_the_same_for_vireod_as_for_libvirtd_on_this_host()
    {
        VirshRequired.Check();
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        async Task<string> Both(params string[] args)
        {
            var theirs = await ProcessRunner.RunAsync("virsh", ["-c", libvirtd.Uri, .. args]);
            var ours = await served.VirshAsync(args);
            Assert.True((theirs.ExitCode, theirs.Stdout, theirs.Stderr) == (ours.ExitCode, ours.Stdout, ours.Stderr),
                $"virsh {string.Join(' ', args)}\n--- libvirtd: {theirs}\n--- vireod: {ours}");
            return ours.Stdout;
        }
        var names = (await Both("nodedev-list")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("computer", names);
        await Both("nodedev-list", "--tree");
        foreach (var cap in new[] { "system", "pci", "usb_device", "usb", "net", "scsi_host", "scsi_target", "scsi", "storage", "scsi_generic", "drm" })
            await Both("nodedev-list", "--cap", cap);
        await Both("nodedev-list", "--inactive");
        foreach (var n in names)
        {
            await Both("nodedev-dumpxml", n);
            await Both("nodedev-info", n);
        }
        await Both("nodedev-dumpxml", "no-such-device");
    }

    [Fact]
    public async Task Python_libvirt_sees_the_same_from_vireod_as_from_libvirtd()
    {
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var ro = await served.ListenReadOnlyAsync();
        var script = served.WriteFile("nodedev.py", NodeDevicePythonTests.Script);
        var theirs = await ProcessRunner.OkAsync("/usr/bin/python3", script, libvirtd.Uri, libvirtd.ReadOnlyUri);
        var ours = await ProcessRunner.OkAsync("/usr/bin/python3", script, served.Uri, ro);
        Assert.Equal(theirs, ours);
    }
    /// <summary>
    /// What virt-manager's "Add Hardware > PCI/USB Host Device" lists comes from virtinst's
    /// fetch_all_nodedevs (listAllDevices, then each device's XML parsed by virtinst.NodeDevice).
    /// </summary>
    [Fact]
    public async Task Virt_managers_virtinst_parses_the_same_devices_from_vireod_as_from_libvirtd()
    {
        MachineSetUp.Require(Directory.Exists("/usr/share/virt-manager/virtinst"), "virt-manager (Debian's package, with virtinst)");
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var script = served.WriteFile("virtinst.py", """
            import sys
            sys.path.insert(0, "/usr/share/virt-manager")
            from virtinst.connection import VirtinstConnection
            c = VirtinstConnection(sys.argv[1])
            c.open(None, None)
            for d in sorted(c.fetch_all_nodedevs(), key=lambda d: d.name):
                extra = (d.domain, d.bus, d.slot, d.function, d.vendor_name, d.product_name) if d.device_type == "pci" else (d.interface,) if d.device_type == "net" else ()
                print(d.name, d.device_type, d.parent, d.is_pci_bridge(), d.is_usb_linux_root_hub(), *extra)
            """);
        var theirs = await ProcessRunner.OkAsync("/usr/bin/python3", script, libvirtd.Uri);
        var ours = await ProcessRunner.OkAsync("/usr/bin/python3", script, served.Uri);
        Assert.Contains("computer system None False False", ours);
        Assert.Contains(" pci computer ", ours);
        Assert.Equal(theirs, ours);
    }
}
