using Vireo.Core.Domain;
using Vireo.Core.Tests.Capabilities;
using Vireo.Core.Tests.Xml;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.DomainModel;

/// <summary>The records compare by value, lists included, so definitions can be compared and used as keys.</summary>
public sealed class RecordEqualityTests
{
    [Fact]
    public void TwoParsesOfOneDocument_AreEqual_AndAnyChangeIsNot()
    {
        var xml = Corpus.Read("domains", "vm-disks.xml");
        var a = DomainXml.Parse(xml);
        var b = DomainXml.Parse(xml);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());

        var disks = a.Devices.Disks.ToList();
        disks[2] = disks[2] with { ReadOnly = true };
        var changed = a with { Devices = a.Devices with { Disks = disks } };
        Assert.NotEqual(a, changed);
        Assert.NotEqual(a.Devices, changed.Devices);
    }

    [Fact]
    public void AssignedListsOfAnyKind_CompareByContent()
    {
        var fromArray = new OsDef { BootDevices = [BootDevice.Hd, BootDevice.Cdrom] };
        var fromList = new OsDef { BootDevices = new List<BootDevice> { BootDevice.Hd, BootDevice.Cdrom } };
        Assert.Equal(fromArray, fromList);
        Assert.NotEqual(fromArray, new OsDef { BootDevices = [BootDevice.Cdrom, BootDevice.Hd] });
        Assert.Equal(new OsDef(), new OsDef { BootDevices = [] });
    }

    [Fact]
    public void AssignedListIsCopied_SoLaterChangesToItDoNotLeakIn()
    {
        var list = new List<string> { "-c" };
        var os = new OsDef { InitArgs = list };
        list.Add("changed");
        Assert.Equal(["-c"], os.InitArgs);
    }

    [Fact]
    public void DefinitionBuiltInCode_FormatsToSchemaValidXml()
    {
        // How drivers build definitions: records and with-expressions, then format.
        var def = DomainDefaults.Apply(new DomainDef
        {
            Type = DomainTypes.Qemu,
            Name = "built",
            Uuid = Guid.Parse("0b5a8f0e-3c1b-4f4b-9a53-2b9a7d0c1e99"),
            Memory = MemorySize.FromMiB(128),
            Os = new OsDef { Arch = "x86_64", Machine = "pc", BootDevices = [BootDevice.Hd] },
            Devices = new DevicesDef
            {
                Disks = [new DiskDef { Source = new DiskSourceDef("/var/lib/vireo/built.qcow2"), Target = new DiskTargetDef("vda", DiskBus.Virtio), Driver = new DiskDriverDef { Name = "qemu", Format = DiskFormat.Qcow2 } }],
                Interfaces = [new InterfaceDef { Type = InterfaceType.User, Model = "virtio" }],
                Serials = [new SerialDef { TargetPort = 0 }],
                Consoles = [new ConsoleDef { TargetType = ConsoleTargetType.Serial, TargetPort = 0 }],
            },
        }, Guid.NewGuid, DomainDefaults.RandomMacs(new Random(7)));
        DomainValidator.Validate(def);
        var xml = DomainXml.Format(def);
        var (valid, output) = SchemaValidator.Validate(xml, "domain.rng");
        Assert.True(valid, output + "\n" + xml);
        Assert.Equal(def, DomainXml.Parse(xml));
    }

    [Fact]
    public void BareDefinitionWithOnlyTheRequiredMembers_StillFormats()
    {
        var xml = DomainXml.Format(new DomainDef { Type = "kvm", Name = "bare", Uuid = Guid.Parse("0b5a8f0e-3c1b-4f4b-9a53-2b9a7d0c1e98") });
        Assert.Equal("<domain type='kvm'>\n  <name>bare</name>\n  <uuid>0b5a8f0e-3c1b-4f4b-9a53-2b9a7d0c1e98</uuid>\n  <os>\n    <type>hvm</type>\n  </os>\n  <devices/>\n</domain>\n", xml);
    }
}
