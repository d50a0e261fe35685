using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.Driver.Features.Hotplug;

namespace Vireo.Qemu.Tests.Features.Hotplug;

/// <summary>Device XML parsing and the definition edits of attach/detach/update, with libvirt's matching rules.</summary>
public sealed class DeviceEditsTests
{
    private static readonly DomainDef Web1 = new()
    {
        Type = "qemu", Name = "web1", Uuid = Guid.Parse("c7a5fdbd-cdaf-9455-926a-d65c16db1809"),
        Devices = new DevicesDef
        {
            Disks = [new DiskDef { Source = new DiskSourceDef("/img/a.qcow2"), Target = new DiskTargetDef("vda") }],
            Interfaces = [new InterfaceDef { Type = InterfaceType.Bridge, Mac = MacAddress.Parse("52:54:00:00:00:01"), Source = new InterfaceSourceDef { Bridge = "br0" }, Model = "virtio" }],
        },
    };

    [Fact]
    public void Disk_xml_as_virsh_attach_disk_writes_it_parses_to_a_disk()
    {
        var spec = Assert.IsType<DiskSpec>(DeviceXml.Parse("<disk type='file'>\n  <driver type='qcow2'/>\n  <source file='/tmp/x.qcow2'/>\n  <target dev='vdb'/>\n</disk>\n", "web1"));
        Assert.Equal("vdb", spec.Disk.Target.Dev);
        Assert.Equal("/tmp/x.qcow2", spec.Disk.Source!.Path);
        Assert.Equal(DiskFormat.Qcow2, spec.Disk.Driver!.Format);
    }

    [Fact]
    public void Interface_xml_from_a_live_dumpxml_with_runtime_parts_parses_and_gets_a_mac_when_it_has_none()
    {
        var live = "<interface type=\"bridge\"><mac address=\"52:54:00:00:00:01\"/><source bridge=\"br0\"/><target dev=\"vnet3\"/><model type=\"virtio\"/><link state=\"down\"/><alias name=\"net0\"/></interface>";
        var spec = Assert.IsType<InterfaceSpec>(DeviceXml.Parse(live, "web1"));
        Assert.Equal(LinkState.Down, spec.Nic.Link);
        Assert.Equal("vnet3", spec.Nic.TargetDev);

        var bare = DeviceXml.Parse("<interface type='bridge'><source bridge='br0'/></interface>", "web1");
        var macs = new Queue<MacAddress>([MacAddress.Parse("52:54:00:00:00:01"), MacAddress.Parse("52:54:00:00:00:02")]);
        var filled = Assert.IsType<InterfaceSpec>(DeviceXml.WithDefaults(bare, [Web1, null], macs.Dequeue));
        Assert.Equal(MacAddress.Parse("52:54:00:00:00:02"), filled.Nic.Mac); // the first one is taken by the domain
    }

    [Fact]
    public void Other_device_kinds_and_broken_xml_are_refused_with_sentences()
    {
        var e = Assert.Throws<VirException>(() => DeviceXml.Parse("<hostdev mode='subsystem' type='pci'/>", "web1"));
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Contains("cannot attach, detach or update a <hostdev> device of domain 'web1'", e.Message);
        e = Assert.Throws<VirException>(() => DeviceXml.Parse("<disk", "web1"));
        Assert.Equal(VirErrorCode.XmlError, e.Code);
        Assert.Contains("the device XML for domain 'web1' is not well-formed", e.Message);
        e = Assert.Throws<VirException>(() => DeviceXml.Parse("<disk type='file'><source file='/x'/><target dev='vdb'/><bogus/></disk>", "web1"));
        Assert.Contains("bogus", e.Message);
    }

    [Fact]
    public void Add_refuses_a_target_or_mac_in_use_and_remove_names_what_is_missing()
    {
        var vdb = new DiskSpec(new DiskDef { Source = new DiskSourceDef("/img/b"), Target = new DiskTargetDef("vdb") });
        var added = DeviceEdits.Add(Web1, vdb);
        Assert.Equal(["vda", "vdb"], added.Devices.Disks.Select(d => d.Target.Dev));
        var dup = Assert.Throws<VirException>(() => DeviceEdits.Add(added, vdb));
        Assert.Equal("Requested operation is not valid: target 'vdb' already exists in domain 'web1'; detach that disk first or choose another target", dup.Message);
        var nic = new InterfaceSpec(Web1.Devices.Interfaces[0]);
        Assert.Contains("already has an interface with MAC address 52:54:00:00:00:01", Assert.Throws<VirException>(() => DeviceEdits.Add(Web1, nic)).Message);

        Assert.Equal(["vda"], DeviceEdits.Remove(added, vdb).Devices.Disks.Select(d => d.Target.Dev));
        var missing = Assert.Throws<VirException>(() => DeviceEdits.Remove(Web1, new DiskSpec(new DiskDef { Target = new DiskTargetDef("vdz") })));
        Assert.Equal(VirErrorCode.DeviceMissing, missing.Code);
        Assert.Equal("device not found: domain 'web1' has no disk with target 'vdz'", missing.Message);
        Assert.Empty(DeviceEdits.Remove(Web1, nic).Devices.Interfaces);
    }

    [Fact]
    public void Update_changes_only_the_link_state()
    {
        var current = Web1.Devices.Interfaces[0];
        var down = DeviceEdits.UpdateLink(Web1, current, current with { Link = LinkState.Down, TargetDev = "vnet7", Alias = "net0" });
        Assert.Equal(current with { Link = LinkState.Down }, down);
        Assert.Equal(LinkState.Up, DeviceEdits.UpdateLink(Web1, down, down with { Link = null }).Link);
        var e = Assert.Throws<VirException>(() => DeviceEdits.UpdateLink(Web1, current, current with { Source = new InterfaceSourceDef { Bridge = "br9" } }));
        Assert.Equal(VirErrorCode.OperationUnsupported, e.Code);
        Assert.Contains("cannot change the source of interface 52:54:00:00:00:01 of domain 'web1' in place", e.Message);
    }
}
