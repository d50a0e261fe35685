using Vireo.Core.NodeDevices;

namespace Vireo.Core.Tests.NodeDevices;

/// <summary>
/// The build machine's devices, as its sysfs showed them (Data/NodeDevices/host/sysfs.txt), translated by
/// the node device rules, against what Debian's libvirtd 9.0 printed on the same machine for
/// virsh nodedev-list and nodedev-dumpxml (the .xml and .out files beside it, copied from a sandboxed libvirtd).
/// </summary>
public sealed class NodeDeviceHostGoldenTests
{
    private static string HostDir => Path.Combine(SysfsFixture.DataDir, "host");

    private static IReadOnlyList<NodeDevice> HostDevices() =>
        NodeDeviceRules.Build(SysfsFixture.Parse(File.ReadAllText(Path.Combine(HostDir, "sysfs.txt"))), dmi: null, SysfsFixture.Ids);

    [Fact]
    public void The_names_are_libvirtds()
    {
        var expected = File.ReadAllText(Path.Combine(HostDir, "nodedev-list.out")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, HostDevices().Select(d => d.Name));
    }

    [Fact]
    public void Every_device_XML_is_libvirtds_byte_for_byte()
    {
        var devices = HostDevices();
        Assert.Equal(12, devices.Count);
        foreach (var d in devices)
        {
            // virsh adds one newline after the document.
            var expected = File.ReadAllText(Path.Combine(HostDir, d.Name + ".xml"));
            Assert.Equal(expected, NodeDeviceXml.Format(d) + "\n");
        }
    }

    [Fact]
    public void Parents_follow_sysfs_ancestry_and_fall_back_to_computer()
    {
        var parents = HostDevices().ToDictionary(d => d.Name, d => d.Parent);
        Assert.Null(parents["computer"]);
        Assert.Equal("pci_0000_00_02_0", parents["block_vda"]);
        Assert.Equal("pci_0000_00_03_0", parents["net_eth0_02_fc_00_00_00_01"]);
        Assert.Equal("computer", parents["net_lo_00_00_00_00_00_00"]);
        Assert.Equal("computer", parents["pci_0000_00_05_0"]);
    }

    [Fact]
    public void A_loop_zram_or_partition_block_device_is_not_listed_without_udevd_as_libvirt_discards_them()
    {
        var text = """
            device /sys/devices/virtual/block/loop0
            subsystem block
            prop MAJOR=7
            prop MINOR=0
            prop DEVNAME=loop0
            prop DEVTYPE=disk
            attr size=0

            device /sys/devices/virtual/block/zram0
            subsystem block
            prop DEVNAME=zram0
            prop DEVTYPE=disk

            device /sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda/vda1
            subsystem block
            prop DEVNAME=vda1
            prop DEVTYPE=partition
            """;
        Assert.Equal(["computer"], NodeDeviceRules.Build(SysfsFixture.Parse(text), null, PciIds.Empty).Select(d => d.Name));
    }
}
