using System.Xml.Linq;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Cpu;

namespace Vireo.IntegrationTests.HostNode;

/// <summary>
/// The host CPU in &lt;capabilities&gt;, cpu-compare and cpu-baseline (CONNECT_COMPARE_CPU 158, CONNECT_BASELINE_CPU 162):
/// Debian's virsh and python-libvirt get from vireod what they get from a sandboxed libvirtd 9.0 on this machine,
/// for the same files: exit status, output and error lines, codes, domains and sentences.
/// </summary>
public sealed class CpuCompareParityTests
{
    internal static readonly (string Name, string Xml)[] Compared =
    [
        ("model-only", "<cpu><model>Haswell</model></cpu>"),
        ("subset", "<cpu match='exact'><model>kvm64</model><feature policy='require' name='avx2'/></cpu>"),
        ("strict", "<cpu match='strict'><model>kvm64</model><feature policy='require' name='avx2'/></cpu>"),
        ("forbid", "<cpu><model>kvm64</model><feature policy='forbid' name='sse4.2'/></cpu>"),
        ("optional", "<cpu match='minimum'><model>qemu64</model><feature policy='optional' name='avx512f'/><feature policy='disable' name='svm'/></cpu>"),
        ("intel", "<cpu><model>kvm64</model><vendor>Intel</vendor></cpu>"),
        ("ppc", "<cpu><arch>ppc64</arch><model>POWER9</model></cpu>"),
        ("unknown-model", "<cpu><model>Nosuch</model></cpu>"),
        ("unknown-feature", "<cpu><model>kvm64</model><feature policy='require' name='nosuchfeat'/></cpu>"),
        ("msr-feature", "<cpu><model>kvm64</model><feature policy='require' name='rdctl-no'/></cpu>"),
        ("no-model", "<cpu><arch>x86_64</arch></cpu>"),
        ("bad-mode", "<cpu mode='bogus'><model>kvm64</model></cpu>"),
        ("domain", "<domain type='qemu'><name>d</name><cpu mode='custom' match='exact'><model>Haswell</model></cpu></domain>"),
        ("malformed", "<cpu><model>"),
    ];

    internal static readonly (string Name, string Xml)[] Baselined =
    [
        ("same-vendor", "<cpu><arch>x86_64</arch><model>Haswell</model><vendor>Intel</vendor><feature name='avx512f'/></cpu>\n"
            + "<cpu><arch>x86_64</arch><model>Skylake-Client</model><vendor>Intel</vendor><feature name='vme'/></cpu>"),
        ("removed-feature", "<cpu><arch>x86_64</arch><model>EPYC</model></cpu>"),
        ("models-needing-features-disabled", "<cpu><arch>x86_64</arch><model>Haswell</model></cpu>\n<cpu><arch>x86_64</arch><model>EPYC</model></cpu>\n"
            + "<cpu><arch>x86_64</arch><model>Icelake-Server</model></cpu>"),
        ("three-models", "<cpu><arch>x86_64</arch><model>Skylake-Client</model></cpu>\n<cpu><arch>x86_64</arch><model>EPYC-Rome</model></cpu>\n"
            + "<cpu><arch>x86_64</arch><model>Opteron_G5</model></cpu>"),
        ("two-vendors", "<cpu><arch>x86_64</arch><model>Haswell</model><vendor>Intel</vendor></cpu>\n"
            + "<cpu><arch>x86_64</arch><model>EPYC</model><vendor>AMD</vendor></cpu>"),
        ("no-arch", "<cpu><model>kvm64</model></cpu>"),
        ("unknown-model", "<cpu><arch>x86_64</arch><model>Nosuch</model></cpu>"),
    ];

    [Fact]
    public async Task Virsh_prints_the_same_for_vireod_as_for_libvirtd()
    {
        Assert.SkipUnless(X86HostCpuid.Available, "the host CPU is not x86: Vireo compares x86 CPUs only");
        VirshRequired.Check();
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        Task Both(params string[] args) => libvirtd.VirshSameAsync(libvirtd.Uri, served.Uri, args);

        // The host CPU both daemons describe, element for element (vireod has no <uuid> of the host yet).
        var theirs = XDocument.Parse(await ProcessRunner.OkAsync("virsh", "-c", libvirtd.Uri, "capabilities")).Root!.Element("host")!.Element("cpu")!;
        var ours = XDocument.Parse(await served.VirshOkAsync("capabilities")).Root!.Element("host")!.Element("cpu")!;
        Assert.Equal(theirs.ToString(), ours.ToString());

        // The whole capabilities document and the host CPU alone are identical to the host CPU; --error changes nothing then.
        var caps = served.WriteFile("caps.xml", await served.VirshOkAsync("capabilities"));
        await Both("cpu-compare", caps);
        await Both("cpu-compare", "--error", served.WriteFile("host-cpu.xml", ours.ToString()));
        foreach (var (name, xml) in Compared)
        {
            var file = served.WriteFile(name + ".xml", xml);
            await Both("cpu-compare", file);
            await Both("cpu-compare", "--error", file);
        }

        await Both("cpu-baseline", caps);
        await Both("cpu-baseline", "--features", caps);
        await Both("cpu-baseline", "--migratable", caps);
        foreach (var (name, xml) in Baselined)
        {
            var file = served.WriteFile("b-" + name + ".xml", xml);
            await Both("cpu-baseline", file);
            await Both("cpu-baseline", "--features", file);
        }
    }

    [Fact]
    public async Task Python_libvirt_gets_the_same_results_codes_and_sentences_from_vireod_as_from_libvirtd()
    {
        Assert.SkipUnless(X86HostCpuid.Available, "the host CPU is not x86: Vireo compares x86 CPUs only");
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var script = served.WriteFile("cpu.py", """
            import libvirt, sys
            c = libvirt.open(sys.argv[1])
            host = "<cpu><arch>x86_64</arch><model>kvm64</model><feature name='avx2'/></cpu>"
            for xml, flags in (("<cpu><model>kvm64</model></cpu>", 0), ("<cpu><model>Haswell</model></cpu>", 0), ("<cpu><model>Haswell</model></cpu>", 1),
                               ("", 0), ("<domain/>", 0), ("<cpu><vendor>AMD</vendor></cpu>", 0), ("<cpu><model>kvm64</model></cpu>", 4)):
                try:
                    print("compare", repr(xml), flags, c.compareCPU(xml, flags))
                except libvirt.libvirtError as e:
                    print("compare", repr(xml), flags, e.get_error_code(), e.get_error_domain(), repr(e.get_error_message()))
            for cpus, flags in (([host], 0), ([host, "<cpu><arch>x86_64</arch><model>Nehalem</model><feature name='avx2'/></cpu>"], 1),
                                ([host, "<cpu><arch>x86_64</arch><model>pentium</model><vendor>Intel</vendor></cpu>"], 0), ([host], 8)):
                try:
                    print("baseline", flags, c.baselineCPU(cpus, flags))
                except libvirt.libvirtError as e:
                    print("baseline", flags, e.get_error_code(), e.get_error_domain(), repr(e.get_error_message()))
            """);
        var theirs = await ProcessRunner.OkAsync("/usr/bin/python3", script, libvirtd.Uri);
        var ours = await ProcessRunner.OkAsync("/usr/bin/python3", script, served.Uri);
        Assert.Contains("compare '<cpu><model>kvm64</model></cpu>' 0 2", theirs);
        Assert.Contains("91 31 'the CPU is incompatible with host CPU: Host CPU does not provide required features:", theirs);
        Assert.Equal(theirs, ours);
    }
}
