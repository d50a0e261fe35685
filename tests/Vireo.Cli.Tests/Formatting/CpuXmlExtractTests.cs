using Vireo.Cli.Formatting;

namespace Vireo.Cli.Tests.Formatting;

/// <summary>The &lt;cpu&gt;s cpu-compare and cpu-baseline take from a file, as virsh's vshExtractCPUDefXMLs takes them.</summary>
public sealed class CpuXmlExtractTests
{
    [Fact]
    public void Bare_cpus_domain_capabilities_and_domain_capabilities_cpus_come_out_in_document_order()
    {
        var text = "<?xml version='1.0'?>\n<cpu><model>kvm64</model></cpu>\n"
            + "<domain><cpu mode='custom'><model>Haswell</model></cpu><devices><cpu/></devices></domain>\n"
            + "<capabilities><host><cpu><arch>x86_64</arch></cpu></host><guest><cpu/></guest></capabilities>\n"
            + "<domainCapabilities><cpu><mode name='host-passthrough' supported='yes'/>"
            + "<mode name='host-model' supported='yes'><model fallback='forbid'>EPYC</model></mode></cpu></domainCapabilities>";

        Assert.Equal(
        [
            "<cpu><model>kvm64</model></cpu>",
            "<cpu mode=\"custom\"><model>Haswell</model></cpu>",
            "<cpu><arch>x86_64</arch></cpu>",
            "<cpu><model fallback=\"forbid\">EPYC</model></cpu>",   // the mode renamed, its attributes dropped
        ], CpuXmlExtract.Extract(text, "f.xml"));
    }

    [Theory]
    [InlineData("<domain><name>d</name></domain>")]
    [InlineData("<domainCapabilities><cpu><mode name='host-model' supported='no'/></cpu></domainCapabilities>")]
    [InlineData("<devices><cpu/></devices>")]
    public void A_file_without_a_cpu_is_refused_with_virshs_sentence(string text)
    {
        var e = Assert.Throws<FormatException>(() => CpuXmlExtract.Extract(text, "f.xml"));
        Assert.Equal("File 'f.xml' does not contain any <cpu> element or valid domain XML, host capabilities XML, or domain capabilities XML", e.Message);
    }

    [Fact]
    public void A_malformed_file_is_refused_naming_the_file() =>
        Assert.StartsWith("f.xml: ", Assert.Throws<FormatException>(() => CpuXmlExtract.Extract("<cpu><model>", "f.xml")).Message);
}
