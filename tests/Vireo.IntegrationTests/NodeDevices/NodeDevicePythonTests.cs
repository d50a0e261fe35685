using Vireo.Hosting;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.NodeDevices;

/// <summary>python-libvirt (/usr/bin/python3) against vireod: what virt-manager's host device dialogs call.</summary>
public sealed class NodeDevicePythonTests
{
    /// <summary>Prints one line per check; the same script runs against libvirtd in <see cref="NodeDeviceLibvirtdParityTests"/>.</summary>
    internal const string Script = """
        import libvirt, sys
        libvirt.virEventRegisterDefaultImpl()
        c = libvirt.open(sys.argv[1])
        print(sorted(d.name() for d in c.listAllDevices()))
        print(sorted(d.name() for d in c.listAllDevices(libvirt.VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET | libvirt.VIR_CONNECT_LIST_NODE_DEVICES_CAP_STORAGE)))
        print(sorted(d.name() for d in c.listAllDevices(libvirt.VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV)))
        print(len(c.listAllDevices(libvirt.VIR_CONNECT_LIST_NODE_DEVICES_INACTIVE)), len(c.listAllDevices(libvirt.VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE)))
        print(c.numOfDevices("pci"), sorted(c.listDevices("net")), c.numOfDevices(None), c.numOfDevices("usb_device"))
        lo = [d for d in c.listDevices("net") if d.startswith("net_lo_")][0]
        d = c.nodeDeviceLookupByName(lo)
        print(d.name(), d.parent(), d.numOfCaps(), d.listCaps(), d.isActive(), d.isPersistent(), d.autostart())
        print(c.nodeDeviceLookupByName("computer").parent(), c.nodeDeviceLookupByName("computer").listCaps())
        print(d.XMLDesc(0).splitlines()[1])
        try:
            c.nodeDeviceLookupByName("x")
        except libvirt.libvirtError as e:
            print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
        cb = c.nodeDeviceEventRegisterAny(None, libvirt.VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, lambda *a: None, None)
        cb2 = c.nodeDeviceEventRegisterAny(None, libvirt.VIR_NODE_DEVICE_EVENT_ID_UPDATE, lambda *a: None, None)
        c.nodeDeviceEventDeregisterAny(cb)
        c.nodeDeviceEventDeregisterAny(cb2)
        print("events registered and deregistered")
        r = libvirt.openReadOnly(sys.argv[2])
        rd = r.nodeDeviceLookupByName(sorted(r.listDevices("pci"))[0])
        print(rd.XMLDesc().splitlines()[1])
        for f in (rd.dettach, rd.reAttach, rd.reset, rd.destroy, lambda: rd.detachFlags("vfio-pci", 0),
                  lambda: r.nodeDeviceCreateXML("<device/>", 0), lambda: r.nodeDeviceDefineXML("<device/>", 0),
                  lambda: rd.undefine(0), lambda: rd.create(0), lambda: rd.setAutostart(1)):
            try:
                f()
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
        """;

    [Fact]
    public async Task Python_libvirt_lists_filters_looks_up_and_is_refused_changes_read_only()
    {
        await using var served = await ServedEngine.StartAsync();
        var ro = Path.Combine(served.RootPath, "sock-ro");
        await served.Server.ListenAsync([ListenEndpoint.ReadOnlyAt(ro)], CancellationToken.None);
        var script = served.WriteFile("nodedev.py", Script);
        var lines = (await ProcessRunner.OkAsync("/usr/bin/python3", script, served.Uri, $"qemu+unix:///system?socket={ro}")).Split('\n');

        Assert.Contains("'computer'", lines[0]);
        Assert.DoesNotContain("'pci_", lines[1]);
        Assert.Contains("'net_lo_", lines[1]);
        Assert.StartsWith("['pci_", lines[2]);
        var all = lines[0].Split(", ").Length;
        Assert.Equal($"0 {all}", lines[3]);
        Assert.Matches(@"^\d+ \['net_.*'\] " + all + " 0$", lines[4]);
        Assert.Matches(@"^net_lo_00_00_00_00_00_00 computer 1 \['net'\] 1 0 0$", lines[5]);
        Assert.Equal("None ['system']", lines[6]);
        Assert.Equal("  <name>net_lo_00_00_00_00_00_00</name>", lines[7]);
        Assert.Equal("53 22 Node device not found: no node device with matching name 'x'", lines[8]);
        Assert.Equal("events registered and deregistered", lines[9]);
        Assert.StartsWith("  <name>pci_", lines[10]);
        string[] refused = ["virNodeDeviceDettach", "virNodeDeviceReAttach", "virNodeDeviceReset", "virNodeDeviceDestroy", "virNodeDeviceDetachFlags",
            "virNodeDeviceCreateXML", "virNodeDeviceDefineXML", "virNodeDeviceUndefine", "virNodeDeviceCreate", "virNodeDeviceSetAutostart"];
        Assert.Equal(refused.Select(api => "29 22 operation forbidden: read only access prevents " + api), lines[11..21]);
    }
}
