using System.Runtime.CompilerServices;
using Vireo.Qemu.Capabilities;
using Vireo.Qemu.Cpu;
using Vireo.Qemu.Tests.Capabilities;

namespace Vireo.Qemu.Tests.Cpu;

/// <summary>
/// The pure translation of QEMU's expansion of its 'max' CPU (captured from this machine's qemu-system-x86_64 and
/// qemu-system-i386 7.2 under TCG) into libvirt's CPU model: Golden/provided-tcg-ARCH.xml is what libvirtd 9.0
/// printed for the same binaries on this machine (domcapabilities' host-model), with the installed CPU map.
/// </summary>
public sealed class QemuX86CpuTests
{
    [Theory]
    [InlineData("x86_64")]
    [InlineData("i386")]
    public void The_cpu_qemu_provides_is_named_as_libvirtd_names_it(string target)
    {
        var map = InstalledCpuMap.Load();
        var caps = CapsFixture.Parse(target);
        var provided = QemuX86Cpu.Provided(caps.MaxCpuExpansion!, map, QemuX86Cpu.Models(caps.CpuModels, map));
        Assert.Equal(File.ReadAllText(Golden($"provided-tcg-{target}.xml")), QemuX86Cpu.Format(provided));
    }

    [Fact]
    public void Qemu_feature_names_become_the_maps()
    {
        var map = InstalledCpuMap.Load();
        Assert.Equal("lahf_lm", QemuX86Cpu.FeatureName("lahf-lm", map));
        Assert.Equal("fxsr_opt", QemuX86Cpu.FeatureName("fxsr-opt", map));
        Assert.Equal("pclmuldq", QemuX86Cpu.FeatureName("pclmulqdq", map));
        Assert.Equal("sse4.1", QemuX86Cpu.FeatureName("sse4.1", map));
        Assert.Equal("svme-addr-chk", QemuX86Cpu.FeatureName("svme-addr-chk", map));
        Assert.Null(QemuX86Cpu.FeatureName("kvmclock", map)); // libvirt's map has no KVM paravirtual features
        Assert.Null(QemuX86Cpu.FeatureName("vmx-ept", map));
    }

    [Fact]
    public void Blockers_are_named_as_the_map_names_them()
    {
        var map = InstalledCpuMap.Load();
        var models = QemuX86Cpu.Models(CapsFixture.Parse().CpuModels, map);
        Assert.True(models.Has("EPYC"));
        Assert.False(models.Has("cpu64-rhel6")); // in libvirt's map, not in QEMU
        Assert.Contains("fxsr_opt", models.Blockers("EPYC"));
        Assert.Contains("nrip-save", models.Blockers("EPYC"));
        Assert.Empty(models.Blockers("qemu64"));
    }

    [Fact]
    public void Known_features_include_those_off_and_leave_out_what_the_map_lacks()
    {
        var map = InstalledCpuMap.Load();
        var known = QemuX86Cpu.KnownFeatures(CapsFixture.Parse().MaxCpuExpansion!, map, migratable: false);
        Assert.Contains("x2apic", known); // off under TCG, still known
        Assert.Contains("lahf_lm", known);
        Assert.DoesNotContain("kvmclock", known);
        Assert.DoesNotContain("vendor", known);
    }

    [Fact]
    public void Migratability_comes_from_the_second_expansion()
    {
        var expansion = QemuCpuExpansionParser.Parse(
            Json("""{"model":{"name":"base","props":{"avx":true,"invtsc":false,"vme":false,"vendor":"AuthenticAMD","family":23}}}"""),
            Json("""{"model":{"name":"base","props":{"avx":true,"invtsc":true,"vme":false}}}"""))!;
        Assert.True(expansion.MigratabilityKnown);
        Assert.Equal(new QemuCpuProperty("avx", true, null, true), expansion.Property("avx"));
        Assert.Equal(new QemuCpuProperty("invtsc", false, null, false), expansion.Property("invtsc"));
        Assert.Equal(new QemuCpuProperty("vme", false, null, null), expansion.Property("vme"));
        Assert.Equal(new QemuCpuProperty("vendor", null, "AuthenticAMD", null), expansion.Property("vendor"));
        Assert.Equal("23", expansion.Property("family")!.Value);

        var map = InstalledCpuMap.Load();
        Assert.Contains("invtsc", QemuX86Cpu.KnownFeatures(expansion, map, migratable: false));
        Assert.DoesNotContain("invtsc", QemuX86Cpu.KnownFeatures(expansion, map, migratable: true));

        var unknown = QemuCpuExpansionParser.Parse(Json("""{"model":{"name":"base","props":{"avx":true}}}"""), Json("null"))!;
        Assert.False(unknown.MigratabilityKnown);
        Assert.Null(unknown.Property("avx")!.Migratable);
        Assert.Null(QemuCpuExpansionParser.Parse(Json("null"), Json("null")));
    }

    private static System.Text.Json.JsonElement Json(string text) => System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();

    private static string Golden(string name, [CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "Golden", name);
}
