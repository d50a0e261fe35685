using System.Runtime.CompilerServices;
using System.Text;
using Vireo.Core.Domain;
using Vireo.Qemu.Driver.Features.Hotplug;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Features.Hotplug;

/// <summary>The QMP of every hot-plug step, pinned in Data/hotplug.golden.txt (VIREO_REGENERATE_GOLDEN=1 rewrites it).</summary>
public sealed class HotplugQmpGoldenTests
{
    private static readonly DiskDef Qcow2 = new()
    {
        Source = new DiskSourceDef("/var/lib/vireo/images/data.qcow2"),
        Target = new DiskTargetDef("vdb"),
        Driver = new DiskDriverDef { Format = DiskFormat.Qcow2, Cache = DiskCache.None, Io = DiskIo.Native, Discard = DiskDiscard.Unmap },
        Serial = "DATA1",
    };

    private static readonly InterfaceDef Virtio = new()
    {
        Type = InterfaceType.Bridge,
        Mac = MacAddress.Parse("52:54:00:44:00:09"),
        Source = new InterfaceSourceDef { Bridge = "br1" },
        Model = "virtio",
        Driver = new InterfaceDriverDef
        {
            Queues = 2, RxQueueSize = 512, TxQueueSize = 256, TxMode = TxMode.Iothread,
            Host = new NetHostOffloadsDef { Csum = OnOff.Off, Gso = OnOff.Off },
            Guest = new NetGuestOffloadsDef { Tso4 = OnOff.Off },
        },
        Mtu = 1400,
    };

    private static IEnumerable<(string Case, QmpCommand Command)> Cases()
    {
        yield return ("disk-storage", HotplugQmp.DiskStorageNode(Qcow2, "libvirt-3-storage"));
        yield return ("disk-format", HotplugQmp.DiskFormatNode(Qcow2, "libvirt-3-format", "libvirt-3-storage"));
        yield return ("disk-device", HotplugQmp.DiskDevice(Qcow2, "virtio-disk1", "libvirt-3-format"));
        var raw = new DiskDef { Type = DiskType.Block, Source = new DiskSourceDef("/dev/vg0/data"), Target = new DiskTargetDef("vdc"), ReadOnly = true };
        yield return ("disk-block-storage", HotplugQmp.DiskStorageNode(raw, "libvirt-4-storage"));
        yield return ("disk-block-format", HotplugQmp.DiskFormatNode(raw, "libvirt-4-format", "libvirt-4-storage"));
        yield return ("disk-block-device", HotplugQmp.DiskDevice(raw, "virtio-disk2", "libvirt-4-format"));
        yield return ("netdev-tap", HotplugQmp.Netdev(Virtio with { Driver = null }, "hostnet1", ["hostnet1-fd0"], vhost: false));
        yield return ("netdev-tap-queues", HotplugQmp.Netdev(Virtio, "hostnet1", ["hostnet1-fd0", "hostnet1-fd1"], vhost: false));
        yield return ("netdev-tap-vhost", HotplugQmp.Netdev(Virtio, "hostnet1", ["hostnet1-fd0"], vhost: true));
        yield return ("netdev-user", HotplugQmp.Netdev(Virtio with { Type = InterfaceType.User }, "hostnet2", [], vhost: false));
        yield return ("nic-virtio-knobs", HotplugQmp.NicDevice(Virtio, "net1", "hostnet1", "web1"));
        yield return ("nic-e1000", HotplugQmp.NicDevice(Virtio with { Model = "e1000", Driver = null, Mtu = null }, "net2", "hostnet2", "web1"));
    }

    [Fact]
    public void Hotplug_commands_match_the_golden_file()
    {
        var sb = new StringBuilder();
        long id = 1;
        foreach (var (name, command) in Cases())
            sb.Append(name).Append(' ').Append(command.ToJson(id++)).Append('\n');
        var path = Path.Combine(DataDir(), "hotplug.golden.txt");
        if (Environment.GetEnvironmentVariable("VIREO_REGENERATE_GOLDEN") == "1") File.WriteAllText(path, sb.ToString());
        Assert.True(File.Exists(path), $"{path} is missing; run with VIREO_REGENERATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(path), sb.ToString());
    }

    [Fact]
    public void Usb_nics_are_refused_for_hot_plug_with_a_sentence()
    {
        var e = Assert.Throws<Vireo.Core.Errors.VirException>(() => HotplugQmp.NicDevice(Virtio with { Model = "usb-net" }, "net1", "hostnet1", "web1"));
        Assert.Equal("unsupported configuration: a usb-net interface cannot be hot-plugged into domain 'web1'; use a PCI model such as virtio", e.Message);
    }

    private static string DataDir([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Data");
}
