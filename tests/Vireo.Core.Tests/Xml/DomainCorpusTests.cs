using Vireo.Core.Tests.Capabilities;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.Xml;

/// <summary>
/// Golden corpus: every document under Data/domains is in canonical form, so formatting what was parsed
/// gives the same text back, parsing the output gives an equal definition, and libvirt's own schema accepts it.
/// </summary>
public sealed class DomainCorpusTests
{
    public static TheoryData<string> Domains => Corpus.Files("domains");
    public static TheoryData<string> Inputs => Corpus.NormalizeInputs();

    [Fact]
    public void CorpusCoversEveryKindOfDocument()
    {
        // A guard against the theory silently running over an empty or shrunken directory.
        Assert.True(Domains.Count >= 14, $"expected the domain corpus to hold at least 14 documents, found {Domains.Count}");
        Assert.True(Inputs.Count >= 6, $"expected at least 6 normalize inputs, found {Inputs.Count}");
    }

    [Theory]
    [MemberData(nameof(Domains))]
    public void FormatOfParse_GivesTheDocumentBack(string file)
    {
        var xml = Corpus.Read("domains", file);
        Assert.Equal(xml, DomainXml.Format(DomainXml.Parse(xml), secure: true));
    }

    [Theory]
    [MemberData(nameof(Domains))]
    public void ParseOfFormat_GivesAnEqualDefinition(string file)
    {
        var def = DomainXml.Parse(Corpus.Read("domains", file));
        var again = DomainXml.Parse(DomainXml.Format(def, secure: true));
        Assert.Equal(def, again);
        Assert.Equal(def.GetHashCode(), again.GetHashCode());
    }

    [Theory]
    [MemberData(nameof(Domains))]
    public void FormattedDomain_ValidatesAgainstLibvirtSchema(string file)
    {
        var xml = DomainXml.Format(DomainXml.Parse(Corpus.Read("domains", file)), secure: true);
        var (valid, output) = SchemaValidator.Validate(xml, "domain.rng");
        Assert.True(valid, $"{file} failed libvirt's domain.rng:\n{output}\n{xml}");
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void NonCanonicalInput_FormatsToItsCanonicalForm(string file)
    {
        var expected = Corpus.Read("normalize", file.Replace(".in.xml", ".out.xml", StringComparison.Ordinal));
        var formatted = DomainXml.Format(DomainXml.Parse(Corpus.Read("normalize", file)));
        Assert.Equal(expected, formatted);
        // The canonical form is a fixed point (after one more round: like libvirtd 9.0, a controller whose index was
        // filled in sorts among the written ones when the output is parsed again) and is valid for libvirt.
        var again = DomainXml.Format(DomainXml.Parse(expected));
        Assert.Equal(again, DomainXml.Format(DomainXml.Parse(again)));
        var (valid, output) = SchemaValidator.Validate(formatted, "domain.rng");
        Assert.True(valid, $"{file} formatted to XML libvirt's schema refuses:\n{output}");
    }

    [Fact]
    public void LiveXmlOfRealLibvirtd_IsReproducedWithTheRuntimeId()
    {
        // virsh dumpxml of a running guest (captured from libvirtd 9.0): the id attribute is runtime state.
        var live = Corpus.Read("live", "libvirtd-live-lvtest1.xml");
        var def = DomainXml.Parse(live);
        Assert.Equal(live, DomainXml.Format(def, new DomainXmlFormatOptions { Id = 1 }));
        Assert.StartsWith("<domain type='qemu'>\n  <name>lvtest1</name>", DomainXml.Format(def), StringComparison.Ordinal);
    }

    [Fact]
    public void GraphicsPassword_IsWrittenOnlyForSecureOutput()
    {
        var def = DomainXml.Parse(Corpus.Read("domains", "vm-display.xml"));
        Assert.Contains("passwd='s3cret'", DomainXml.Format(def, secure: true), StringComparison.Ordinal);
        var plain = DomainXml.Format(def);
        Assert.DoesNotContain("s3cret", plain, StringComparison.Ordinal);
        Assert.Contains("passwdValidTo='2030-01-01T00:00:00'", plain, StringComparison.Ordinal);
    }
}
