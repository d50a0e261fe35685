using Vireo.Core.Domain;
using Vireo.Core.Tests.Xml;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.DomainModel;

public sealed class DomainDefaultsTests
{
    private static readonly Guid FixedUuid = Guid.Parse("11111111-2222-3333-4444-555555555555");

    /// <summary>A deterministic MAC generator: 52:54:00:00:00:01, :02, ...</summary>
    private static Func<MacAddress> Counter(params int[] sequence)
    {
        var i = 0;
        return () => new MacAddress([0x52, 0x54, 0x00, 0x00, 0x00, (byte)sequence[i++ % sequence.Length]]);
    }

    private static DomainDef Apply(string xml, Func<MacAddress>? macs = null) =>
        DomainDefaults.Apply(DomainXml.Parse(xml), () => FixedUuid, macs ?? Counter(1, 2, 3, 4));

    [Fact]
    public void MissingUuid_IsGeneratedByTheInjectedGenerator()
    {
        var parsed = DomainXml.Parse(Doc.Vm().Replace("<uuid>72741797-7e6c-4fe4-85aa-7c14f559a862</uuid>", "", StringComparison.Ordinal));
        Assert.Equal(Guid.Empty, parsed.Uuid);
        Assert.DoesNotContain("<uuid>", DomainXml.Format(parsed), StringComparison.Ordinal);
        var def = DomainDefaults.Apply(parsed, () => FixedUuid, Counter(1));
        Assert.Equal(FixedUuid, def.Uuid);
        Assert.Contains("<uuid>11111111-2222-3333-4444-555555555555</uuid>", DomainXml.Format(def), StringComparison.Ordinal);
    }

    [Fact]
    public void GivenUuid_IsKept() =>
        Assert.Equal(Guid.Parse("72741797-7e6c-4fe4-85aa-7c14f559a862"), Apply(Doc.Vm()).Uuid);

    [Fact]
    public void EmptyGenid_GetsAGeneratedValue()
    {
        var def = Apply(Doc.Vm(top: "<genid/>"));
        Assert.Equal(new GenerationId(FixedUuid), def.GenId);
    }

    [Fact]
    public void InterfacesWithoutMac_GetQemuRangeAddresses_SkippingOnesInUse()
    {
        // The generator first offers :02, which the second interface already has, so the first gets :03.
        var def = Apply(Doc.Vm("<interface type='user'/><interface type='user'><mac address='52:54:00:00:00:02'/></interface><interface type='user'/>"),
            Counter(2, 3, 4));
        Assert.Equal(["52:54:00:00:00:03", "52:54:00:00:00:02", "52:54:00:00:00:04"], def.Devices.Interfaces.Select(i => i.Mac.ToString()));
    }

    [Fact]
    public void RandomMacs_AreUnicastAndLocallyAdministeredInQemusPrefix()
    {
        var next = DomainDefaults.RandomMacs(new Random(42));
        for (int i = 0; i < 50; i++)
        {
            var mac = next();
            Assert.StartsWith("52:54:00:", mac.ToString(), StringComparison.Ordinal);
            Assert.False(mac.IsMulticast);
        }
    }

    [Fact]
    public void CurrentMemory_DefaultsToMemory_AndVcpuCurrentIsLeftOutAsLibvirtDoes()
    {
        var def = Apply(Doc.Vm());
        Assert.Equal(MemorySize.FromMiB(256), def.CurrentMemory);
        Assert.Null(def.Vcpu!.Current);
        Assert.Equal(Placement.Static, def.Vcpu.Placement);
        Assert.Null(Apply(Doc.Vm().Replace("<vcpu>2</vcpu>", "<vcpu current='2'>2</vcpu>", StringComparison.Ordinal)).Vcpu!.Current);
        Assert.Equal(1u, Apply(Doc.Vm().Replace("<vcpu>2</vcpu>", "<vcpu current='1'>2</vcpu>", StringComparison.Ordinal)).Vcpu!.Current);
    }

    [Fact]
    public void Clock_LifecycleActions_AndCpuDies_GetLibvirtsDefaults()
    {
        var def = Apply(Doc.Vm().Replace("</os>", "</os><cpu><topology sockets='1' cores='2' threads='1'/></cpu>", StringComparison.Ordinal));
        Assert.Equal(new ClockDef(), def.Clock);
        Assert.Equal((LifecycleAction.Destroy, LifecycleAction.Restart, LifecycleAction.Destroy), (def.OnPoweroff, def.OnReboot, def.OnCrash));
        Assert.Equal(1u, def.Cpu!.Topology!.Dies);
    }

    [Fact]
    public void MissingVcpu_MeansOne()
    {
        var def = Apply(Doc.Vm().Replace("<vcpu>2</vcpu>", "", StringComparison.Ordinal));
        Assert.Equal(new VcpuDef { Count = 1, Placement = Placement.Static }, def.Vcpu);
    }

    [Fact]
    public void AutomaticNumaPlacement_MakesVcpuPlacementAuto()
    {
        var def = Apply(Doc.Vm(top: "<numatune><memory mode='strict' placement='auto'/></numatune>"));
        Assert.Equal(Placement.Auto, def.Vcpu!.Placement);
    }

    [Fact]
    public void MissingMemory_IsTheTotalOfTheNumaCells()
    {
        var xml = Doc.Vm(top: "<cpu><numa><cell id='0' cpus='0' memory='100' unit='MiB'/><cell id='1' cpus='1' memory='28' unit='MiB'/></numa></cpu>")
            .Replace("<memory unit='KiB'>262144</memory>", "", StringComparison.Ordinal);
        var def = Apply(xml);
        Assert.Equal(MemorySize.FromMiB(128), def.Memory);
        Assert.Equal(MemorySize.FromMiB(128), def.CurrentMemory);
    }

    [Fact]
    public void ApplyingTwice_ChangesNothingMore()
    {
        var once = Apply(Doc.Vm("<interface type='user'/>"));
        Assert.Equal(once, DomainDefaults.Apply(once, () => Guid.NewGuid(), Counter(9)));
    }

    [Fact]
    public void ParseDoesNotApplyDefaults_SoACompleteDocumentRoundTrips()
    {
        var parsed = DomainXml.Parse(Doc.Vm("<interface type='user'/>"));
        Assert.Null(parsed.CurrentMemory);
        Assert.Null(parsed.Vcpu!.Current);
        Assert.Null(parsed.Devices.Interfaces[0].Mac);
    }

    [Fact]
    public void DefaultedDefinition_StillValidatesAgainstLibvirtSchema()
    {
        var def = Apply(Doc.Vm("<interface type='network'><source network='default'/></interface>"));
        var (valid, output) = Capabilities.SchemaValidator.Validate(DomainXml.Format(def), "domain.rng");
        Assert.True(valid, output);
    }
}
