using System.Text.Json.Nodes;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Hotplug;

/// <summary>
/// virsh detach-device-alias (DOMAIN_DETACH_DEVICE_ALIAS 392), python-libvirt's detachDeviceAlias and vireo's
/// command on a running demo guest with a second disk and two NICs: the aliases in the live XML are QEMU's ids
/// (qom-list of /machine/peripheral), a disk and a NIC removed by alias are gone from the guest's kernel, from
/// QEMU and from the live XML, the DEVICE_REMOVED event names the alias, and the saved definition keeps only
/// the user's alias.
/// </summary>
public sealed class DetachDeviceAliasTests
{
    private const string NicMac = "52:54:00:4e:a1:41";
    private const string UserNicMac = "52:54:00:4e:a1:42";

    [Fact]
    public async Task A_disk_and_a_nic_removed_by_alias_are_gone_from_the_guest_qemu_and_the_live_xml()
    {
        VirshRequired.Check();
        await using var e = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("dda");
        var image = Path.Combine(e.RootPath, "dda.qcow2");
        await ProcessRunner.OkAsync("qemu-img", "create", "-q", "-f", "qcow2", image, "64M");
        await e.VirshOkAsync("define", e.WriteFile(name + ".xml", GuestXml.Demo(name,
            $"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{image}'/><target dev='vdb' bus='virtio'/></disk>" +
            $"<interface type='user'><mac address='{NicMac}'/><model type='virtio'/></interface>" +
            $"<interface type='user'><mac address='{UserNicMac}'/><model type='virtio'/><alias name='ua-second'/></interface>")));
        Assert.Contains("<alias name='ua-second'/>", await e.VirshOkAsync("dumpxml", name, "--inactive"));
        Assert.DoesNotContain("<alias name='net0'/>", await e.VirshOkAsync("dumpxml", name, "--inactive"));
        await e.VirshOkAsync("start", name);
        await using var c = await e.ReadyConsoleAsync(name);
        await c.QuietKernelAsync();

        var live = await e.VirshOkAsync("dumpxml", name);
        foreach (var alias in new[] { "virtio-disk1", "net0", "ua-second", "serial0", "balloon0", "pci.0", "usb", "input0", "input1" })
            Assert.Contains($"<alias name='{alias}'/>", live);
        var peripherals = await PeripheralsAsync(e, name);
        foreach (var id in new[] { "virtio-disk1", "net0", "ua-second", "serial0", "balloon0", "usb" })
            Assert.Contains(id, peripherals);
        Assert.Equal("2\n", await c.RunAsync("ls /sys/class/net | grep -c '^eth'"));
        Assert.Matches(@"\bvda\b", await c.RunAsync("cat /proc/partitions"));

        // Refusals, in libvirt's words; nothing changes.
        Assert.Equal("error: Failed to detach device with alias nosuch\nerror: internal error: no device found with alias nosuch",
            (await e.VirshFailsAsync("detach-device-alias", name, "nosuch")).Trim());
        Assert.Equal("error: Failed to detach device with alias net0\nerror: internal error: no device found with alias net0",
            (await e.VirshFailsAsync("detach-device-alias", name, "net0", "--live", "--config")).Trim()); // generated aliases are not saved
        Assert.Equal("error: Failed to detach device with alias input0\nerror: Operation not supported: input device on bus 'ps2' cannot be detached",
            (await e.VirshFailsAsync("detach-device-alias", name, "input0")).Trim());
        Assert.Equal("error: Failed to detach device with alias pci.0\nerror: Operation not supported: 'pci' controller cannot be hot unplugged.",
            (await e.VirshFailsAsync("detach-device-alias", name, "pci.0")).Trim());
        Assert.Contains("<alias name='net0'/>", await e.VirshOkAsync("dumpxml", name));

        // The disk, with virsh: the call returns once the guest is asked; the removal follows.
        Assert.Equal("Device detach request sent successfully\n\n", await e.VirshOkAsync("detach-device-alias", name, "virtio-disk1", "--live"));
        await Guest.EventuallyAsync(c, "cat /proc/partitions; echo partitions-read", "partitions-read", mustNotMatch: @"\bvd[a-z]\b");
        await Expect.EventuallyAsync(() => e.VirshOkAsync("dumpxml", name), x => !x.Contains("virtio-disk1", StringComparison.Ordinal), "the disk leaving the live XML");
        Assert.DoesNotContain("virtio-disk1", await PeripheralsAsync(e, name));
        Assert.DoesNotContain(image, (await e.QmpAsync(name, QmpCommands.QueryNamedBlockNodes()))!.ToJsonString()); // the image is closed
        Assert.Contains("vdb", await e.VirshOkAsync("domblklist", name, "--inactive")); // --live only

        // The user-named NIC, with python-libvirt: --live --config, and DEVICE_REMOVED names the alias.
        var py = await RemoveWithPythonAsync(e, name, "ua-second");
        Assert.Equal("removed ua-second\n", py);
        await Guest.EventuallyAsync(c, "ls /sys/class/net | grep -c '^eth'", @"^1\s*$");
        Assert.DoesNotContain("ua-second", await PeripheralsAsync(e, name)); // the event came after DEVICE_DELETED
        await Expect.EventuallyAsync(() => e.VirshOkAsync("dumpxml", name), x => !x.Contains("ua-second", StringComparison.Ordinal), "the NIC leaving the live XML");
        Assert.DoesNotContain("ua-second", await e.VirshOkAsync("dumpxml", name, "--inactive"));
        Assert.Contains(NicMac, await e.VirshOkAsync("dumpxml", name, "--inactive"));

        // The other NIC, with vireo.
        Assert.Equal("Device detach request sent successfully\n\n", await e.VireoOkAsync("detach-device-alias", name, "net0", "--live"));
        await Guest.EventuallyAsync(c, "ls /sys/class/net | grep -c '^eth'", @"^0\s*$");
        await Expect.EventuallyAsync(() => PeripheralsAsync(e, name), ids => !ids.Contains("net0"), "QEMU removing net0"); // DEVICE_DELETED follows the guest's release
        await Expect.EventuallyAsync(() => e.VirshOkAsync("dumpxml", name), x => !x.Contains("<interface", StringComparison.Ordinal), "the NIC leaving the live XML");
    }

    [Fact]
    public async Task Shut_off_live_and_transient_config_are_refused_and_current_edits_the_saved_definition()
    {
        VirshRequired.Check();
        await using var e = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("ddb");
        var xml = e.WriteFile(name + ".xml", GuestXml.Demo(name, $"<interface type='user'><mac address='{UserNicMac}'/><model type='virtio'/><alias name='ua-nic'/></interface>"));
        await e.VirshOkAsync("define", xml);
        Assert.Equal("error: Failed to detach device with alias ua-nic\nerror: Requested operation is not valid: domain is not running",
            (await e.VirshFailsAsync("detach-device-alias", name, "ua-nic", "--live")).Trim());
        Assert.Equal("error: Failed to detach device with alias ua-none\nerror: internal error: no device found with alias ua-none",
            (await e.VirshFailsAsync("detach-device-alias", name, "ua-none", "--current")).Trim());
        Assert.Equal("Device detach request sent successfully\n\n", await e.VirshOkAsync("detach-device-alias", name, "ua-nic"));
        Assert.DoesNotContain(UserNicMac, await e.VirshOkAsync("dumpxml", name, "--inactive"));
        await e.VirshOkAsync("undefine", name);

        await e.VirshOkAsync("create", xml);
        Assert.Equal("error: Failed to detach device with alias ua-nic\nerror: Requested operation is not valid: transient domains do not have any persistent config",
            (await e.VirshFailsAsync("detach-device-alias", name, "ua-nic", "--config")).Trim());
        Assert.Contains("<alias name='ua-nic'/>", await e.VirshOkAsync("dumpxml", name));
        await e.VirshOkAsync("destroy", name);
    }

    /// <summary>The ids of QEMU's user-created devices (qom-list /machine/peripheral).</summary>
    private static async Task<List<string>> PeripheralsAsync(ServedEngine e, string name)
    {
        var list = await e.QmpAsync(name, new QmpCommand("qom-list", new JsonObject { ["path"] = "/machine/peripheral" }));
        return [.. list!.AsArray().Select(p => (string)p!["name"]!)];
    }

    /// <summary>python-libvirt: detachDeviceAlias(live|config) and the DEVICE_REMOVED event it leads to.</summary>
    private static async Task<string> RemoveWithPythonAsync(ServedEngine e, string name, string alias)
    {
        var script = $$"""
            import libvirt, time
            libvirt.virEventRegisterDefaultImpl()
            c = libvirt.open('{{e.Uri}}')
            d = c.lookupByName('{{name}}')
            got = []
            c.domainEventRegisterAny(d, libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, lambda conn, dom, dev, opaque: got.append(dev), None)
            c.setKeepAlive(1, 3)
            d.detachDeviceAlias('{{alias}}', libvirt.VIR_DOMAIN_AFFECT_LIVE | libvirt.VIR_DOMAIN_AFFECT_CONFIG)
            deadline = time.time() + 120
            while not got and time.time() < deadline:
                libvirt.virEventRunDefaultImpl()
            print('removed ' + ','.join(got))
            """;
        var r = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", script]);
        Assert.True(r.ExitCode == 0, $"python3: {r}");
        return r.Stdout;
    }
}
