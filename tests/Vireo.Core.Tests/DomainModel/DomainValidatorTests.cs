using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Tests.Xml;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.DomainModel;

public sealed class DomainValidatorTests
{
    private static DomainDef Defaulted(string xml) =>
        DomainDefaults.Apply(DomainXml.Parse(xml), () => Guid.Parse("11111111-2222-3333-4444-555555555555"), DomainDefaults.RandomMacs(new Random(1)));

    private static VirException Refused(string xml, VirErrorCode code = VirErrorCode.XmlError)
    {
        var e = Assert.Throws<VirException>(() => DomainValidator.Validate(Defaulted(xml)));
        Assert.Equal(code, e.Code);
        Assert.Equal(VirErrorDomain.Domain, e.ErrorDomain);
        return e;
    }

    public static TheoryData<string> Corpus => Xml.Corpus.Files("domains");

    [Fact]
    public void A_name_longer_than_files_allow_is_refused_and_one_that_fits_is_not()
    {
        string Vm(string name) => $"<domain type='qemu'><name>{name}</name><memory>65536</memory><os><type>hvm</type></os></domain>";
        var e = Refused(Vm(new string('x', 201)));
        Assert.Equal($"XML error: the domain name '{new string('x', 40)}...' is 201 bytes long; Vireo names files after the domain, so a name may have at most 200 bytes", e.Message);
        Assert.Contains("is 202 bytes long", Refused(Vm(new string('é', 101))).Message); // bytes, not characters
        DomainValidator.Validate(Defaulted(Vm(new string('x', 200))));
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void EveryCorpusDocument_IsValid(string file)
    {
        var problems = DomainValidator.Problems(Defaulted(Xml.Corpus.Read("domains", file))).Select(p => p.Message).ToList();
        Assert.Empty(problems);
    }

    [Fact]
    public void ReferenceContainerAndGuests_AreValid()
    {
        foreach (var name in new[] { "reference-lxc1.in.xml", "reference-lxc2.in.xml", "reference-lvtest1.in.xml", "spelling.in.xml" })
            Assert.Empty(DomainValidator.Problems(Defaulted(Xml.Corpus.Read("normalize", name))));
    }

    [Fact]
    public void CurrentMemoryAboveMemory_IsRefused() =>
        Assert.Equal("XML error: domain 'web1' has current memory (524288 KiB) larger than its memory (262144 KiB); <currentMemory> must not exceed <memory>",
            Refused(Doc.Vm(top: "<currentMemory unit='MiB'>512</currentMemory>")).Message);

    [Fact]
    public void MaxMemoryBelowMemory_IsRefused() =>
        Assert.Equal("XML error: domain 'web1' has maximum memory (131072 KiB) smaller than its memory (262144 KiB); <maxMemory> must be at least <memory>",
            Refused(Doc.Vm(top: "<maxMemory slots='4' unit='MiB'>128</maxMemory>")).Message);

    [Fact]
    public void MaxMemoryWithoutSlots_IsRefused() =>
        Assert.Contains("without a slot count", Refused(Doc.Vm(top: "<maxMemory unit='GiB'>4</maxMemory>")).Message, StringComparison.Ordinal);

    [Fact]
    public void ZeroMemory_IsRefused() =>
        Assert.Equal("XML error: domain 'web1' has a memory size of zero; <memory> must be greater than zero",
            Refused(Doc.Vm().Replace("262144", "0", StringComparison.Ordinal)).Message);

    [Fact]
    public void NoMemoryAtAll_IsRefused() =>
        Assert.Contains("has no memory size", Refused(Doc.Vm().Replace("<memory unit='KiB'>262144</memory>", "", StringComparison.Ordinal)).Message, StringComparison.Ordinal);

    [Fact]
    public void VcpuCurrentAboveMax_IsRefused() =>
        Assert.Equal("XML error: domain 'web1' has vcpu current='3' above its maximum of 2 vCPUs",
            Refused(Doc.Vm().Replace("<vcpu>2</vcpu>", "<vcpu current='3'>2</vcpu>", StringComparison.Ordinal)).Message);

    [Fact]
    public void EmptyCpuSet_IsRefused() =>
        Assert.Equal("XML error: domain 'web1' has a <vcpu> cpuset that selects no CPUs",
            Refused(Doc.Vm().Replace("<vcpu>2</vcpu>", "<vcpu cpuset='1,^1'>2</vcpu>", StringComparison.Ordinal)).Message);

    [Fact]
    public void VcpuPinBeyondVcpuCount_IsRefused() =>
        Assert.Equal("XML error: domain 'web1' pins vCPU 2 in <cputune>, but it has only 2 vCPUs (ids 0 to 1)",
            Refused(Doc.Vm(top: "<cputune><vcpupin vcpu='2' cpuset='0'/></cputune>")).Message);

    [Fact]
    public void VcpuPinnedTwice_IsRefused() =>
        Assert.Contains("pins vCPU 0 more than once", Refused(Doc.Vm(top: "<cputune><vcpupin vcpu='0' cpuset='0'/><vcpupin vcpu='0' cpuset='1'/></cputune>")).Message, StringComparison.Ordinal);

    [Fact]
    public void IoThreadPinWithoutThatIoThread_IsRefused() =>
        Assert.Equal("unsupported configuration: domain 'web1' pins IOThread 2 in <cputune>, but it has no such IOThread (its IOThreads are 1)",
            Refused(Doc.Vm(top: "<iothreads>1</iothreads><cputune><iothreadpin iothread='2' cpuset='0'/></cputune>"), VirErrorCode.ConfigUnsupported).Message);

    [Fact]
    public void RealtimeSchedulerWithoutPriority_IsRefused() =>
        Assert.Contains("uses the fifo scheduler in <vcpusched> without a priority",
            Refused(Doc.Vm(top: "<cputune><vcpusched vcpus='0' scheduler='fifo'/></cputune>")).Message, StringComparison.Ordinal);

    [Fact]
    public void TopologyNotMatchingVcpus_IsRefused() =>
        Assert.Equal("XML error: domain 'web1' has a CPU topology of 4 vCPUs (sockets x dies x clusters x cores x threads) but <vcpu> 2; they must match",
            Refused(Doc.Vm(top: "<cpu><topology sockets='1' cores='2' threads='2'/></cpu>")).Message);

    [Fact]
    public void TopologyClusters_AreRefusedBecauseLibvirt90CannotWriteThem()
    {
        var def = Defaulted(Doc.Vm(top: "<cpu><topology sockets='1' cores='2' threads='1'/></cpu>"));
        def = def with { Cpu = def.Cpu! with { Topology = def.Cpu.Topology! with { Clusters = 1 } } };
        var e = Assert.Throws<VirException>(() => DomainValidator.Validate(def));
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
    }

    [Fact]
    public void NumaCellsNotCoveringMemory_AreRefused() =>
        Assert.Equal("XML error: domain 'web1' has memory (262144 KiB) different from the total of its NUMA cells (131072 KiB)",
            Refused(Doc.Vm(top: "<cpu><numa><cell id='0' cpus='0-1' memory='128' unit='MiB'/></numa></cpu>")).Message);

    [Fact]
    public void NumaCellsSharingAVcpu_AreRefused() =>
        Assert.Contains("puts vCPU 1 in more than one NUMA cell",
            Refused(Doc.Vm(top: "<cpu><numa><cell id='0' cpus='0-1' memory='128' unit='MiB'/><cell id='1' cpus='1' memory='128' unit='MiB'/></numa></cpu>")).Message, StringComparison.Ordinal);

    [Fact]
    public void NumaCellIdsOutOfOrder_AreRefused() =>
        Assert.Contains("has NUMA cell id 1 in position 0",
            Refused(Doc.Vm(top: "<cpu><numa><cell id='1' cpus='0' memory='128' unit='MiB'/><cell id='0' cpus='1' memory='128' unit='MiB'/></numa></cpu>")).Message, StringComparison.Ordinal);

    [Fact]
    public void MemnodeForMissingCell_IsRefused() =>
        Assert.Equal("XML error: domain 'web1' has a <memnode> for guest NUMA cell 1, but it has 0 NUMA cells",
            Refused(Doc.Vm(top: "<numatune><memnode cellid='1' mode='strict' nodeset='0'/></numatune>")).Message);

    [Fact]
    public void AutoPlacementWithNodeset_IsRefused() =>
        Assert.Contains("placement='auto' together with a nodeset",
            Refused(Doc.Vm(top: "<numatune><memory mode='strict' placement='auto' nodeset='0'/></numatune>")).Message, StringComparison.Ordinal);

    [Fact]
    public void MemtuneSoftAboveHard_IsRefused() =>
        Assert.Contains("soft_limit (2097152 KiB) above its hard_limit (1048576 KiB)",
            Refused(Doc.Vm(top: "<memtune><hard_limit unit='GiB'>1</hard_limit><soft_limit unit='GiB'>2</soft_limit></memtune>")).Message, StringComparison.Ordinal);

    [Fact]
    public void DuplicateDiskTargets_AreRefused() =>
        Assert.Equal("XML error: target 'vda' duplicated for disk sources '/a' and '/b'",
            Refused(Doc.Vm("<disk type='file'><source file='/a'/><target dev='vda'/></disk><disk type='file'><source file='/b'/><target dev='vda'/></disk>")).Message);

    [Fact]
    public void DuplicateAliases_AreRefused() =>
        Assert.Equal("XML error: domain 'web1' uses device alias 'ua-x' more than once",
            Refused(Doc.Vm("<disk type='file'><source file='/a'/><target dev='vda'/><alias name='ua-x'/></disk><interface type='user'><alias name='ua-x'/></interface>")).Message);

    [Fact]
    public void DuplicateMacs_AreRefused() =>
        Assert.Contains("more than one interface with MAC address 52:54:00:00:00:01",
            Refused(Doc.Vm("<interface type='user'><mac address='52:54:00:00:00:01'/></interface><interface type='user'><mac address='52:54:00:00:00:01'/></interface>")).Message, StringComparison.Ordinal);

    [Fact]
    public void DiskWithoutSource_IsRefused_ButAnEmptyCdromIsFine()
    {
        Assert.Contains("has disk 'vda' without a <source>", Refused(Doc.Vm("<disk type='file'><target dev='vda'/></disk>")).Message, StringComparison.Ordinal);
        DomainValidator.Validate(Defaulted(Doc.Vm("<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>")));
    }

    [Fact]
    public void LunOnAFile_IsUnsupported() =>
        Refused(Doc.Vm("<disk type='file' device='lun'><source file='/a'/><target dev='sda' bus='scsi'/></disk>"), VirErrorCode.ConfigUnsupported);

    [Fact]
    public void PerDeviceBootWithOsBoot_IsUnsupported() =>
        Assert.Equal("unsupported configuration: domain 'web1' uses per-device <boot order> together with <os><boot dev>; use one or the other",
            Refused(Doc.Vm("<disk type='file'><source file='/a'/><target dev='vda'/><boot order='1'/></disk>",
                os: "<type>hvm</type><boot dev='hd'/>"), VirErrorCode.ConfigUnsupported).Message);

    [Fact]
    public void RepeatedBootOrder_IsRefused() =>
        Assert.Contains("gives boot order 1 to more than one device",
            Refused(Doc.Vm("<disk type='file'><source file='/a'/><target dev='vda'/><boot order='1'/></disk><interface type='user'><boot order='1'/></interface>")).Message, StringComparison.Ordinal);

    [Fact]
    public void RepeatedBootDevice_IsRefused() =>
        Assert.Contains("lists boot device 'hd' more than once", Refused(Doc.Vm(os: "<type>hvm</type><boot dev='hd'/><boot dev='hd'/>")).Message, StringComparison.Ordinal);

    [Fact]
    public void NetworkInterfaceWithoutSource_IsRefused() =>
        Assert.Contains("interface of type 'network' without a <source network>", Refused(Doc.Vm("<interface type='network'/>")).Message, StringComparison.Ordinal);

    [Fact]
    public void DuplicateControllerIndex_IsRefused() =>
        Assert.Contains("more than one virtio-serial controller index 0",
            Refused(Doc.Vm("<controller type='virtio-serial' index='0'/><controller type='virtio-serial' index='0'/>")).Message, StringComparison.Ordinal);

    [Fact]
    public void SoundWithUnknownAudioBackend_IsRefused() =>
        Assert.Contains("audio id 3, but no <audio> with that id", Refused(Doc.Vm("<sound model='ich9'><audio id='3'/></sound>")).Message, StringComparison.Ordinal);

    [Fact]
    public void Problems_ListsEveryProblemNotJustTheFirst()
    {
        var def = Defaulted(Doc.Vm("<disk type='file'><source file='/a'/><target dev='vda'/></disk><disk type='file'><source file='/b'/><target dev='vda'/></disk>",
            top: "<currentMemory unit='MiB'>512</currentMemory>"));
        Assert.Equal(2, DomainValidator.Problems(def).Count());
    }
}
