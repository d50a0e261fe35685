using Vireo.Core.NodeDevices;
using Vireo.Drivers.NodeDevices;
using Vireo.IntegrationTests.Support;
using Vireo.Tests.Shared;

namespace Vireo.IntegrationTests.NodeDevices;

/// <summary>
/// The sysfs reader on a fake sysfs tree: the build machine's devices (the snapshot in
/// tests/Vireo.Core.Tests/Data/NodeDevices/host/sysfs.txt) laid out as the kernel lays them out — device
/// directories under devices/, bus/*/devices and class/* symlinks, subsystem links, uevent and attribute
/// files, the PCI config space — read back and translated must give libvirtd's outputs byte for byte.
/// </summary>
public sealed class SysfsScannerTests
{
    [Fact]
    public void The_build_machines_tree_reads_back_as_libvirtd_printed_it()
    {
        using var root = new TempRoot();
        var sys = Path.Combine(root.Path, "sys");
        var features = Materialize(sys, File.ReadAllText(Path.Combine(HostDir, "sysfs.txt")));
        Directory.CreateDirectory(Path.Combine(sys, "class", "tty", "tty0")); // skipped subsystem, no uevent: ignored
        var scanner = new SysfsScanner(sys, Path.Combine(root.Path, "udev"), ifname => features.GetValueOrDefault(ifname, []));
        var ids = PciIds.Parse(File.ReadAllText(Path.Combine(HostDir, "..", "pci.ids")));
        var devices = NodeDeviceRules.Build(scanner.Scan(), scanner.ReadDmi(), ids);

        Assert.Equal(File.ReadAllText(Path.Combine(HostDir, "nodedev-list.out")).Split('\n', StringSplitOptions.RemoveEmptyEntries), devices.Select(d => d.Name));
        foreach (var d in devices)
            Assert.Equal(File.ReadAllText(Path.Combine(HostDir, d.Name + ".xml")), NodeDeviceXml.Format(d) + "\n");
    }

    [Fact]
    public void Udevds_database_and_the_dmi_table_are_read_when_present()
    {
        using var root = new TempRoot();
        var sys = Path.Combine(root.Path, "sys");
        Materialize(sys, """
            device /sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda
            subsystem block
            prop MAJOR=8
            prop MINOR=0
            prop DEVNAME=sda
            prop DEVTYPE=disk
            attr size=2097152
            attr queue/logical_block_size=512
            """);
        var udev = Directory.CreateDirectory(Path.Combine(root.Path, "udev")).FullName;
        File.WriteAllText(Path.Combine(udev, "b8:0"), "S:disk/by-id/ata-QEMU_HARDDISK_QM00001\nI:123\nE:ID_TYPE=disk\nE:ID_BUS=ata\nE:ID_SERIAL=QEMU_HARDDISK_QM00001\nG:systemd\n");
        var dmi = Directory.CreateDirectory(Path.Combine(sys, "devices", "virtual", "dmi", "id")).FullName;
        File.WriteAllText(Path.Combine(dmi, "product_name"), "Standard PC (Q35 + ICH9, 2009)\n");
        File.WriteAllText(Path.Combine(dmi, "sys_vendor"), "QEMU\n");
        File.WriteAllText(Path.Combine(dmi, "product_uuid"), "3e1a3c52-7d6b-4a8a-9c55-0e1f2a3b4c5d\n");
        var scanner = new SysfsScanner(sys, udev, _ => []);
        var devices = NodeDeviceRules.Build(scanner.Scan(), scanner.ReadDmi(), PciIds.Empty);

        var disk = Assert.Single(devices, d => d.Cap == NodeDeviceCap.Storage);
        Assert.Equal("block_sda_QEMU_HARDDISK_QM00001", disk.Name);
        Assert.Equal(["/dev/disk/by-id/ata-QEMU_HARDDISK_QM00001"], disk.DevLinks);
        Assert.Contains("<bus>ata</bus>", disk.CapabilityLines);
        var computer = NodeDeviceXml.Format(devices.Single(d => d.Name == "computer"));
        Assert.Contains("<product>Standard PC (Q35 + ICH9, 2009)</product>", computer);
        Assert.Contains("<vendor>QEMU</vendor>", computer);
        Assert.Contains("<uuid>3e1a3c52-7d6b-4a8a-9c55-0e1f2a3b4c5d</uuid>", computer);
    }

    private static string HostDir =>
        Path.Combine(BusyboxRootfs.RepoRoot(), "tests", "Vireo.Core.Tests", "Data", "NodeDevices", "host");

    /// <summary>Lays out the fixture's devices under <paramref name="sys"/>; returns each interface's ethtool features.</summary>
    private static Dictionary<string, IReadOnlyList<string>> Materialize(string sys, string fixture)
    {
        var features = new Dictionary<string, IReadOnlyList<string>>();
        SysfsTree.Materialize(sys, fixture, (dir, key, rest) =>
        {
            if (key != "features") return false;
            features[Path.GetFileName(dir)] = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return true;
        });
        return features;
    }
}
