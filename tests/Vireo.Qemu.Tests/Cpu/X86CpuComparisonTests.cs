using Vireo.Core.Errors;
using Vireo.Qemu.Cpu;

namespace Vireo.Qemu.Tests.Cpu;

/// <summary>
/// cpu-compare's decision on x86 against a fixed host CPU (kvm64 plus a few features, AMD), with libvirt 9.0's
/// sentences, and the reading of &lt;cpu&gt; with its refusals. The sentences are libvirtd 9.0's (CpuCompareParityTests
/// compares whole answers with a sandboxed libvirtd on this machine's real host CPU).
/// </summary>
public class X86CpuComparisonTests
{
    private static X86CpuMap Map() => InstalledCpuMap.Load();

    private static readonly CpuDefinition Host = new(CpuDefinitionType.Host, "x86_64", "kvm64", "AMD", "exact",
        new[] { "vme", "ssse3", "avx2", "invtsc" }.Select(n => new CpuFeatureRequest(n, null)).ToList());

    private static CpuComparison Compare(string xml) => X86CpuComparison.Compare(Host, CpuDefinitionXml.Parse(xml), Map());

    [Fact]
    public void The_hosts_own_description_is_identical()
    {
        var xml = "<cpu><arch>x86_64</arch><model>kvm64</model><vendor>AMD</vendor><feature name='vme'/><feature name='ssse3'/><feature name='avx2'/><feature name='invtsc'/></cpu>";
        Assert.Equal(new CpuComparison(CpuCompareResult.Identical), Compare(xml));
    }

    [Fact]
    public void Fewer_features_than_the_host_is_a_superset_and_strict_match_refuses_the_extras_in_map_order()
    {
        Assert.Equal(CpuCompareResult.Superset, Compare("<cpu><model>kvm64</model><feature name='avx2'/></cpu>").Result);
        Assert.Equal(CpuCompareResult.Superset, Compare("<cpu/>").Result);
        Assert.Equal(new CpuComparison(CpuCompareResult.Incompatible, "Host CPU does not strictly match guest CPU: Extra features: vme, ssse3, invtsc"),
            Compare("<cpu match='strict'><model>kvm64</model><feature name='avx2'/></cpu>"));
    }

    [Fact]
    public void Missing_required_features_are_named_in_map_order_and_optional_or_disabled_ones_are_not_required()
    {
        Assert.Equal(new CpuComparison(CpuCompareResult.Incompatible, "Host CPU does not provide required features: pcid, x2apic"),
            Compare("<cpu><model>kvm64</model><feature name='x2apic'/><feature name='avx2'/><feature name='pcid'/></cpu>"));
        Assert.Equal(CpuCompareResult.Superset,
            Compare("<cpu match='minimum'><model>qemu64</model><feature policy='optional' name='avx512f'/><feature policy='disable' name='svm'/>"
                + "<feature policy='disable' name='sse4a'/><feature policy='disable' name='lahf_lm'/><feature policy='disable' name='abm'/></cpu>").Result);
    }

    [Fact]
    public void A_forbidden_feature_the_host_has_another_vendor_or_another_architecture_is_incompatible()
    {
        Assert.Equal("Host CPU provides forbidden features: vme", Compare("<cpu><model>kvm64</model><feature name='vme' policy='forbid'/></cpu>").Reason);
        Assert.Equal("host CPU vendor does not match required CPU vendor Intel", Compare("<cpu><model>kvm64</model><vendor>Intel</vendor></cpu>").Reason);
        Assert.Equal("CPU arch ppc64 does not match host arch", Compare("<cpu><arch>ppc64</arch><model>POWER9</model></cpu>").Reason);
    }

    [Fact]
    public void An_msr_feature_is_compared_by_its_register_bits()
    {
        Assert.Equal("Host CPU does not provide required features: rdctl-no",
            Compare("<cpu><model>kvm64</model><feature name='rdctl-no'/></cpu>").Reason);
    }

    [Theory]
    [InlineData("<cpu><model>Nosuch</model></cpu>", VirErrorCode.InternalError, VirErrorDomain.Cpu, "internal error: Unknown CPU model Nosuch")]
    [InlineData("<cpu><model>kvm64</model><feature name='nosuch'/></cpu>", VirErrorCode.InternalError, VirErrorDomain.Cpu, "internal error: Unknown CPU feature nosuch")]
    [InlineData("<domain/>", VirErrorCode.XmlError, VirErrorDomain.Cpu, "XML error: XML does not contain expected 'cpu' element")]
    [InlineData("", VirErrorCode.XmlDetail, VirErrorDomain.Cpu, "(CPU_definition):1: Document is empty\n(null)\n^")]
    [InlineData("<cpu><arch>x86_64</arch></cpu>", VirErrorCode.XmlError, VirErrorDomain.Cpu, "XML error: Missing CPU model name")]
    [InlineData("<cpu><arch>bogus</arch><model>x</model></cpu>", VirErrorCode.ConfigUnsupported, VirErrorDomain.Cpu, "unsupported configuration: Unknown architecture bogus")]
    [InlineData("<cpu><arch>x86_64</arch><model>kvm64</model><feature/></cpu>", VirErrorCode.XmlError, VirErrorDomain.Cpu, "XML error: Invalid CPU feature name")]
    [InlineData("<cpu><vendor>AMD</vendor></cpu>", VirErrorCode.XmlError, VirErrorDomain.Cpu, "XML error: CPU vendor specified without CPU model")]
    [InlineData("<cpu mode='bogus'><model>kvm64</model></cpu>", VirErrorCode.ConfigUnsupported, VirErrorDomain.Cpu, "unsupported configuration: Invalid mode attribute 'bogus'")]
    [InlineData("<cpu match='bogus'><model>kvm64</model></cpu>", VirErrorCode.XmlError, VirErrorDomain.Xml, "XML error: Invalid value for attribute 'match' in element 'cpu': 'bogus'.")]
    public void Bad_cpus_are_refused_as_libvirt_refuses_them(string xml, VirErrorCode code, VirErrorDomain domain, string message)
    {
        var e = Assert.Throws<VirException>(() => Compare(xml));
        Assert.Equal((code, domain, message), (e.Code, e.ErrorDomain, e.Message));
    }

    [Fact]
    public void Baseline_inputs_must_be_host_cpus()
    {
        var e = Assert.Throws<VirException>(() => CpuDefinitionXml.ParseHost("<cpu><model>kvm64</model></cpu>"));
        Assert.Equal("XML error: Missing CPU architecture", e.Message);
        e = Assert.Throws<VirException>(() => CpuDefinitionXml.ParseHost("<cpu mode='host-model'><arch>x86_64</arch><model>kvm64</model></cpu>"));
        Assert.Equal("unsupported configuration: Attribute mode is only allowed for guest CPU", e.Message);
    }
}
