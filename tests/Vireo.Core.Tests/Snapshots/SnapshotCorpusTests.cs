using Vireo.Core.Snapshots;
using Vireo.Core.Tests.Capabilities;
using Vireo.Core.Tests.Xml;

namespace Vireo.Core.Tests.Snapshots;

/// <summary>Golden corpus for &lt;domainsnapshot&gt;: exact round trip both ways and libvirt's domainsnapshot.rng.</summary>
public sealed class SnapshotCorpusTests
{
    public static TheoryData<string> Snapshots => Corpus.Files("snapshots");

    [Fact]
    public void CorpusHoldsTheSnapshotDocuments() => Assert.True(Snapshots.Count >= 5, $"found only {Snapshots.Count} snapshot documents");

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void FormatOfParse_GivesTheDocumentBack(string file)
    {
        var xml = Corpus.Read("snapshots", file);
        Assert.Equal(xml, SnapshotXml.Format(SnapshotXml.Parse(xml)));
    }

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void ParseOfFormat_GivesAnEqualDefinition(string file)
    {
        var def = SnapshotXml.Parse(Corpus.Read("snapshots", file));
        Assert.Equal(def, SnapshotXml.Parse(SnapshotXml.Format(def)));
    }

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void FormattedSnapshot_ValidatesAgainstLibvirtSchema(string file)
    {
        var xml = SnapshotXml.Format(SnapshotXml.Parse(Corpus.Read("snapshots", file)));
        var (valid, output) = SchemaValidator.Validate(xml, "domainsnapshot.rng");
        Assert.True(valid, $"{file} failed libvirt's domainsnapshot.rng:\n{output}\n{xml}");
    }

    [Fact]
    public void RealLibvirtdSnapshot_CarriesItsPartsIntoTheModel()
    {
        var s = SnapshotXml.Parse(Corpus.Read("snapshots", "libvirtd-snapshot-lvtest1-s1.xml"));
        Assert.Equal("s1", s.Name);
        Assert.Equal(SnapshotState.DiskSnapshot, s.State);
        Assert.Equal(1795986703L, s.CreationTime);
        Assert.Equal(new SnapshotMemoryDef(SnapshotLocation.No), s.Memory);
        Assert.Equal(["vda", "vdb"], s.Disks!.Select(d => d.Name));
        Assert.All(s.Disks!, d => Assert.Equal(SnapshotLocation.External, d.Snapshot));
        Assert.Equal("/tmp/lvresearch/disks/lvtest1-a.s1", s.Disks![0].SourceFile);
        Assert.Equal("lvtest1", s.Domain!.Name);
        Assert.Equal("lvtest1", s.InactiveDomain!.Name);
        Assert.Equal(Vireo.Core.Domain.BackingStoreDef.End, s.Domain.Devices.Disks[0].BackingStore);
        Assert.Null(s.InactiveDomain.Devices.Disks[0].BackingStore);
    }

    [Fact]
    public void SnapshotFull_KeepsParentDescriptionAndActive()
    {
        var s = SnapshotXml.Parse(Corpus.Read("snapshots", "snapshot-full.xml"));
        Assert.Equal("fresh-install", s.Parent);
        Assert.Equal("Taken before the kernel upgrade & reboot", s.Description);
        Assert.True(s.Active);
        Assert.Equal(new SnapshotMemoryDef(SnapshotLocation.External, "/var/lib/vireo/snapshots/web1/before-upgrade.mem"), s.Memory);
        Assert.Equal(Vireo.Core.Domain.DiskType.Block, s.Disks![2].Type);
        Assert.Equal("/dev/vg0/web1-snap", s.Disks[2].SourceFile);
    }
}
