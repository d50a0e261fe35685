using Vireo.Core.Checkpoints;
using Vireo.Core.Errors;
using Vireo.Core.Tests.Capabilities;
using Vireo.Core.Tests.Xml;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.Checkpoints;

/// <summary>
/// Golden corpus for &lt;domaincheckpoint&gt; (documents a real libvirtd 9.0 wrote, and a create request): exact
/// round trip, libvirt's domaincheckpoint.rng, and the domain copy made from libvirtd's own live XML.
/// </summary>
public sealed class CheckpointCorpusTests
{
    public static TheoryData<string> Checkpoints => Corpus.Files("checkpoints");

    [Fact]
    public void CorpusHoldsTheCheckpointDocuments() => Assert.True(Checkpoints.Count >= 4, $"found only {Checkpoints.Count} checkpoint documents");

    [Theory]
    [MemberData(nameof(Checkpoints))]
    public void FormatOfParse_GivesTheDocumentBack(string file)
    {
        var xml = Corpus.Read("checkpoints", file);
        Assert.Equal(xml, CheckpointXml.Format(CheckpointXml.Parse(xml)));
    }

    [Theory]
    [MemberData(nameof(Checkpoints))]
    public void FormattedCheckpoint_ValidatesAgainstLibvirtSchema(string file)
    {
        var xml = CheckpointXml.Format(CheckpointXml.Parse(Corpus.Read("checkpoints", file)));
        var (valid, output) = SchemaValidator.Validate(xml, "domaincheckpoint.rng");
        Assert.True(valid, $"{file} failed libvirt's domaincheckpoint.rng:\n{output}\n{xml}");
    }

    [Fact]
    public void LibvirtdCheckpoint_CarriesItsPartsIntoTheModel()
    {
        var c = CheckpointXml.Parse(Corpus.Read("checkpoints", "libvirtd-checkpoint-k2-size.xml"));
        Assert.Equal("k2", c.Name);
        Assert.Equal("k1", c.Parent);
        Assert.Equal(1796128302L, c.CreationTime);
        Assert.Equal([CheckpointType.No, CheckpointType.Bitmap], c.Disks!.Select(d => d.Checkpoint));
        Assert.Equal(("k2", 0UL), (c.Disks![1].Bitmap, c.Disks[1].Size!.Value));
        Assert.Null(c.Domain);
    }

    [Fact]
    public void NoDomain_LeavesTheDomainOut()
    {
        var xml = Corpus.Read("checkpoints", "libvirtd-checkpoint-k1.xml");
        var brief = CheckpointXml.Format(CheckpointXml.Parse(xml), noDomain: true);
        Assert.Equal(xml[..xml.IndexOf("  <domain ", StringComparison.Ordinal)] + "</domaincheckpoint>\n", brief);
    }

    /// <summary>
    /// libvirtd's checkpoint of ck3 keeps its live XML (aliases, pty paths, controllers) in this shape. libvirtd's
    /// live XML shows the CPU as QEMU made it at start (check='full', the features), and the copy keeps the CPU
    /// as defined; Vireo's live definition keeps the CPU as defined already, so the input here does too.
    /// </summary>
    [Fact]
    public void DomainCopy_OfLibvirtdsLiveXml_IsTheDomainLibvirtdKeptInTheCheckpoint()
    {
        var kept = CheckpointXml.Parse(Corpus.Read("checkpoints", "libvirtd-checkpoint-ck3-live1.xml")).Domain!;
        var live = DomainXml.Parse(Corpus.Read("checkpoints", "libvirtd-live-ck3.xml.in")) with { Cpu = kept.Cpu };
        Assert.Equal(DomainXml.Format(kept), DomainXml.Format(MomentDomainCopy.Of(live)));
    }

    [Fact]
    public void WrongRoot_IsLibvirtsXmlError()
    {
        var e = Assert.Throws<VirException>(() => CheckpointXml.Parse("<domainsnapshot/>"));
        Assert.Equal("XML error: expecting root element of 'domaincheckpoint', not 'domainsnapshot'", e.Message);
    }
}
