using Vireo.Core.Errors;
using Vireo.Qemu.Cpu;

namespace Vireo.Qemu.Tests.Cpu;

/// <summary>
/// cpu-baseline on x86, golden: each expected document is what libvirtd 9.0 printed for the same host CPUs on
/// this machine (virsh cpu-baseline / python baselineCPU against the sandboxed libvirtd).
/// </summary>
public class X86CpuBaselineTests
{
    private static string Baseline(bool expand, bool migratable, params string[] cpus)
        => X86CpuBaseline.Compute(cpus.Select(CpuDefinitionXml.ParseHost).ToList(), InstalledCpuMap.Load(), expand, migratable);

    private static string H(string model, string rest = "") => $"<cpu><arch>x86_64</arch><model>{model}</model>{rest}</cpu>";

    [Fact]
    public void One_cpu_keeps_its_model_forbidding_fallback_and_its_features_in_map_order()
    {
        Assert.Equal("<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>kvm64</model>\n  <vendor>AMD</vendor>\n"
            + "  <feature policy='require' name='vme'/>\n  <feature policy='require' name='avx2'/>\n  <feature policy='require' name='invtsc'/>\n</cpu>\n",
            Baseline(false, false, H("kvm64", "<vendor>AMD</vendor><feature name='invtsc'/><feature name='avx2'/><feature name='vme'/>")));
    }

    [Fact]
    public void Migratable_drops_features_a_migrating_guest_may_not_keep()
    {
        Assert.DoesNotContain("invtsc", Baseline(false, true, H("kvm64", "<vendor>AMD</vendor><feature name='invtsc'/><feature name='avx2'/>")));
    }

    [Fact]
    public void Two_generations_get_the_older_model_with_fallback_allowed()
    {
        Assert.Equal("<cpu mode='custom' match='exact'>\n  <model fallback='allow'>Haswell</model>\n  <vendor>Intel</vendor>\n</cpu>\n",
            Baseline(false, false, H("Haswell", "<vendor>Intel</vendor><feature name='avx512f'/>"), H("Skylake-Client", "<vendor>Intel</vendor><feature name='vme'/>")));
    }

    [Fact]
    public void A_removed_feature_of_a_model_is_disabled_when_the_model_is_named()
    {
        Assert.Equal("<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>EPYC</model>\n  <feature policy='disable' name='monitor'/>\n</cpu>\n",
            Baseline(false, false, H("EPYC")));
    }

    [Fact]
    public void Features_expand_to_every_feature_of_the_model_sorted_by_name()
    {
        var xml = Baseline(true, false, H("kvm64", "<feature name='vme'/>"));
        var names = System.Text.RegularExpressions.Regex.Matches(xml, "name='([^']+)'").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Contains("vme", names);
        Assert.Contains("fpu", names);
        Assert.Equal(27, names.Count); // kvm64's 26 features and vme
    }

    [Fact]
    public void Features_the_guest_kernel_turns_on_are_not_asked_for()
    {
        Assert.Equal("<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>kvm64</model>\n"
            + "  <feature policy='require' name='avx'/>\n  <feature policy='require' name='pku'/>\n</cpu>\n",
            Baseline(false, false, H("kvm64", "<feature name='ospke'/><feature name='osxsave'/><feature name='pku'/><feature name='avx'/>")));
    }

    [Theory]
    [InlineData("CPU vendors do not match", "<vendor>Intel</vendor>", "")]
    [InlineData("Unknown CPU vendor Nope", "<vendor>Nope</vendor>", "")]
    public void Vendors_must_agree(string message, string first, string second)
    {
        var e = Assert.Throws<VirException>(() => Baseline(false, false, H("pentium", first), H("EPYC", second)));
        Assert.Equal((VirErrorCode.OperationFailed, VirErrorDomain.Cpu, "operation failed: " + message), (e.Code, e.ErrorDomain, e.Message));
    }
}
