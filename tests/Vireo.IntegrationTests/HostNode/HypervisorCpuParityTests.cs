using Vireo.Client;
using Vireo.Core.Errors;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Cpu;

namespace Vireo.IntegrationTests.HostNode;

/// <summary>
/// hypervisor-cpu-compare and hypervisor-cpu-baseline (CONNECT_COMPARE_HYPERVISOR_CPU 393, CONNECT_BASELINE_HYPERVISOR_CPU
/// 394): Debian's virsh, python-libvirt and Vireo.Client get from vireod what they get from a sandboxed libvirtd 9.0
/// on this machine for the same files and arguments: results, the CPU XML, codes, domains and sentences, for TCG,
/// for virttype kvm (unusable here), for qemu-system-i386 (whose 'max' CPU is 32-bit) and for unknown emulators,
/// architectures and machines. Not compared: a malformed CPU (libxml2's wording against .NET's) and emulators that
/// fail to probe (libvirtd quotes its own probe's failure), both documented in docs/cpu.md.
/// </summary>
public sealed class HypervisorCpuParityTests
{
    internal static readonly (string Name, string Xml)[] Compared =
    [
        ("model-only", "<cpu><model>Haswell</model></cpu>"),
        ("superset", "<cpu><model>kvm64</model><feature policy='require' name='avx2'/></cpu>"),
        ("blocked", "<cpu><model>EPYC</model></cpu>"),
        ("disabled-by-qemu", "<cpu><model>kvm64</model><feature policy='require' name='vme'/></cpu>"),
        ("strict", "<cpu match='strict'><model>kvm64</model></cpu>"),
        ("forbid", "<cpu><model>kvm64</model><feature policy='forbid' name='sse2'/></cpu>"),
        ("intel", "<cpu><model>qemu64</model><vendor>Intel</vendor></cpu>"),
        ("ppc", "<cpu><arch>ppc64</arch><model>POWER9</model></cpu>"),
        ("unknown-model", "<cpu><model>Nosuch</model></cpu>"),
        ("host-model", "<cpu mode='host-model'/>"),
        ("domain", "<domain type='qemu'><name>d</name><cpu mode='custom' match='exact'><model>Opteron_G3</model></cpu></domain>"),
    ];

    internal static readonly (string Name, string Xml)[] Baselined =
    [
        ("host", "<cpu><arch>x86_64</arch><model>kvm64</model><feature name='avx2'/></cpu>"),
        ("known-but-off", "<cpu><model>kvm64</model><feature name='x2apic'/><feature name='vmx'/><feature name='invtsc'/></cpu>"),
        ("disabled", "<cpu><model>kvm64</model><feature policy='disable' name='sse2'/><feature policy='forbid' name='sse'/><feature policy='optional' name='avx'/></cpu>"),
        ("blocked", "<cpu><model>EPYC</model><vendor>AMD</vendor></cpu>"),
        ("not-in-qemu", "<cpu><model>cpu64-rhel6</model></cpu>"),
        ("two-models", "<cpu><model>Haswell</model><vendor>Intel</vendor></cpu>\n<cpu><model>Skylake-Client</model><vendor>Intel</vendor></cpu>"),
        ("removed-feature", "<cpu><model>EPYC</model></cpu>\n<cpu><model>Opteron_G3</model></cpu>"),
        ("two-vendors", "<cpu><arch>x86_64</arch><model>Haswell</model><vendor>Intel</vendor></cpu>\n<cpu><arch>x86_64</arch><model>EPYC</model><vendor>AMD</vendor></cpu>"),
        ("no-model", "<cpu><model>kvm64</model></cpu>\n<cpu mode='host-model'/>"),
        ("host-without-model", "<cpu><arch>x86_64</arch></cpu>"),
        ("unknown-model", "<cpu><model>Nosuch</model></cpu>"),
    ];

    /// <summary>The emulator, architecture, machine and domain type options, each case as virsh takes them.</summary>
    internal static readonly string[][] Targets =
    [
        [],
        ["--virttype", "kvm"], ["--virttype", "xen"], ["--virttype", "bogus"], ["--virttype", "none"],
        ["--arch", "i686"], ["--arch", "aarch64"], ["--arch", "bogus"],
        ["--emulator", "/usr/bin/qemu-system-i386"], ["--emulator", "/usr/bin/qemu-system-i386", "--arch", "aarch64"], ["--emulator", "/nonexistent/qemu"],
        ["--machine", "q35", "--virttype", "qemu", "--arch", "x86_64"], ["--machine", "bogus"], ["--machine", "none"],
    ];

    [Fact]
    public async Task Virsh_prints_the_same_for_vireod_as_for_libvirtd()
    {
        Assert.SkipUnless(X86HostCpuid.Available, "the host CPU is not x86: Vireo compares x86 CPUs only");
        VirshRequired.Check();
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        Task Both(params string[] args) => libvirtd.VirshSameAsync(libvirtd.Uri, served.Uri, args);

        // The CPU QEMU provides is libvirtd's host-model: the domain capabilities compare as identical to it.
        var domcaps = served.WriteFile("domcaps.xml", await ProcessRunner.OkAsync("virsh", "-c", libvirtd.Uri, "domcapabilities"));
        await Both("hypervisor-cpu-compare", domcaps);
        await Both("hypervisor-cpu-baseline", domcaps);
        await Both("hypervisor-cpu-baseline", "--features", domcaps);
        await Both("hypervisor-cpu-baseline", "--migratable", domcaps);
        foreach (var (name, xml) in Compared)
        {
            var file = served.WriteFile(name + ".xml", xml);
            await Both("hypervisor-cpu-compare", file);
            await Both("hypervisor-cpu-compare", "--error", file);
        }
        foreach (var (name, xml) in Baselined)
        {
            var file = served.WriteFile("b-" + name + ".xml", xml);
            await Both("hypervisor-cpu-baseline", file);
            await Both("hypervisor-cpu-baseline", "--features", file);
            await Both("hypervisor-cpu-baseline", "--migratable", file);
        }
        var superset = served.WriteFile("target.xml", Compared[1].Xml);
        var host = served.WriteFile("target-b.xml", Baselined[0].Xml);
        foreach (var target in Targets)
        {
            await Both(["hypervisor-cpu-compare", .. target, "--error", superset]);
            await Both(["hypervisor-cpu-baseline", .. target, host]);
        }
        await Both("hypervisor-cpu-baseline", "--model", "EPYC", "--features");
        await Both("hypervisor-cpu-baseline", "--model", "Haswell", "--arch", "i686");
    }

    [Fact]
    public async Task Python_libvirt_gets_the_same_results_codes_and_sentences_from_vireod_as_from_libvirtd()
    {
        Assert.SkipUnless(X86HostCpuid.Available, "the host CPU is not x86: Vireo compares x86 CPUs only");
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var script = served.WriteFile("hypervisor-cpu.py", """
            import libvirt, sys
            c = libvirt.open(sys.argv[1])
            libvirt.registerErrorHandler(lambda *_: None, None)
            kvm64 = "<cpu><model>kvm64</model></cpu>"
            host = "<cpu><arch>x86_64</arch><model>kvm64</model><feature name='avx2'/></cpu>"
            def show(what, f):
                try:
                    print(what, "=>", f())
                except libvirt.libvirtError as e:
                    print(what, "!!", e.get_error_code(), e.get_error_domain(), repr(e.get_error_message()))
            for emu, arch, mach, virt in ((None, None, None, None), (None, None, None, "kvm"), (None, None, None, "lxc"), (None, None, None, "QEMU"),
                                          (None, "i686", None, None), (None, "s390x", None, None), (None, "none", None, None), ("", None, None, None),
                                          ("/usr/bin/qemu-system-i386", "x86_64", None, None), ("/nonexistent/qemu", "bogus", None, None),
                                          (None, None, "pc", None), (None, None, "", None), (None, None, "bogus", "kvm")):
                show(f"compare {emu} {arch} {mach} {virt}", lambda: c.compareHypervisorCPU(emu, arch, mach, virt, kvm64, 0))
                show(f"baseline {emu} {arch} {mach} {virt}", lambda: c.baselineHypervisorCPU(emu, arch, mach, virt, [host], 0))
            for xml, flags in (("<cpu><model>Haswell</model></cpu>", 1), ("", 0), ("<domain/>", 0), ("<cpu><vendor>AMD</vendor></cpu>", 0),
                               ("<cpu><model>kvm64</model></cpu>", 4), ("<cpu><model>kvm64</model></cpu>", 2), ("<cpu mode='bogus'/>", 0)):
                show(f"compare {xml!r} {flags}", lambda: c.compareHypervisorCPU(None, None, None, None, xml, flags))
                show(f"compare bogus-virttype {xml!r} {flags}", lambda: c.compareHypervisorCPU(None, None, None, "bogus", xml, flags))
            for cpus, flags in (([host], 1), ([host], 3), ([host], 8), ([""], 0), ([kvm64, "<cpu/>"], 0), (["<cpu mode='host-model'/>"], 0)):
                show(f"baseline {cpus!r} {flags}", lambda: c.baselineHypervisorCPU(None, None, None, None, cpus, flags))
                show(f"baseline bogus-virttype {cpus!r} {flags}", lambda: c.baselineHypervisorCPU(None, None, None, "bogus", cpus, flags))
            """);
        var theirs = await ProcessRunner.OkAsync("/usr/bin/python3", script, libvirtd.Uri);
        var ours = await ProcessRunner.OkAsync("/usr/bin/python3", script, served.Uri);
        Assert.Contains("compare None None None None => 2", theirs);
        Assert.Contains("8 10 \"invalid argument: the accel 'kvm' is not supported by '/usr/bin/qemu-system-x86_64' on this host\"", theirs);
        Assert.Equal(theirs, ours);
    }

    /// <summary>What virsh and python-libvirt never send: an empty list of CPUs, and the calls on the read-only socket.</summary>
    [Fact]
    public async Task The_servers_refuse_an_empty_baseline_and_the_read_only_socket_alike()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();
        var ourReadOnly = await served.ListenReadOnlyAsync();
        var refusals = new List<string>();
        foreach (var (rw, ro) in new[] { (libvirtd.Uri, libvirtd.ReadOnlyUri), (served.Uri, ourReadOnly) })
        {
            await using var conn = await VirConnection.OpenAsync(rw, ct: ct);
            await using var readOnly = await VirConnection.OpenAsync(ro, ct: ct);
            var seen = new List<string>();
            foreach (var call in new Func<Task>[]
            {
                () => conn.BaselineHypervisorCpuAsync([], ct: ct),
                () => readOnly.CompareHypervisorCpuAsync("<cpu><model>kvm64</model></cpu>", ct: ct),
                () => readOnly.BaselineHypervisorCpuAsync(["<cpu><model>kvm64</model></cpu>"], ct: ct),
            })
            {
                var e = await Assert.ThrowsAsync<VirException>(call);
                seen.Add($"{e.Code} {e.ErrorDomain} {e.Message}");
            }
            Assert.Equal(2, await conn.CompareHypervisorCpuAsync("<cpu><model>kvm64</model></cpu>", virtType: "qemu", ct: ct));
            refusals.Add(string.Join('\n', seen));
        }
        Assert.Contains("xmlCPUs in virConnectBaselineHypervisorCPU must not be NULL", refusals[0]);
        Assert.Contains("read only access prevents virConnectCompareHypervisorCPU", refusals[0]);
        Assert.Equal(refusals[0], refusals[1]);
    }
}
