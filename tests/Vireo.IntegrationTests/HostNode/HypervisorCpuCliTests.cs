using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Cpu;

namespace Vireo.IntegrationTests.HostNode;

/// <summary>
/// vireo hypervisor-cpu-compare and hypervisor-cpu-baseline print what Debian's virsh prints against the same vireod,
/// byte for byte, for the files and options HypervisorCpuParityTests compares with libvirtd, and refuse what virsh
/// refuses before connecting (--file with --model, neither, an empty --model, a file without a CPU).
/// </summary>
public sealed class HypervisorCpuCliTests
{
    [Fact]
    public async Task Vireo_prints_what_virsh_prints_for_the_same_files_and_options()
    {
        Assert.SkipUnless(X86HostCpuid.Available, "the host CPU is not x86: Vireo compares x86 CPUs only");
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync();
        Task Same(params string[] args) => served.VireoPrintsWhatVirshPrintsAsync(args);

        var domcaps = served.WriteFile("domcaps.xml", await served.VirshOkAsync("domcapabilities"));
        var nothing = served.WriteFile("nothing.xml", "<domain type='qemu'><name>d</name></domain>");
        foreach (var file in new[] { domcaps, nothing, Path.Combine(served.RootPath, "missing.xml") })
        {
            await Same("hypervisor-cpu-compare", file);
            await Same("hypervisor-cpu-baseline", file);
        }
        foreach (var (name, xml) in HypervisorCpuParityTests.Compared)
        {
            var file = served.WriteFile(name + ".xml", xml);
            await Same("hypervisor-cpu-compare", file);
            await Same("hypervisor-cpu-compare", "--error", "--validate", file);
        }
        foreach (var (name, xml) in HypervisorCpuParityTests.Baselined)
        {
            var file = served.WriteFile("b-" + name + ".xml", xml);
            await Same("hypervisor-cpu-baseline", file);
            await Same("hypervisor-cpu-baseline", "--features", "--migratable", "--file", file);
        }
        var superset = served.WriteFile("target.xml", HypervisorCpuParityTests.Compared[1].Xml);
        var host = served.WriteFile("target-b.xml", HypervisorCpuParityTests.Baselined[0].Xml);
        foreach (var target in HypervisorCpuParityTests.Targets)
        {
            await Same(["hypervisor-cpu-compare", .. target, superset]);
            await Same(["hypervisor-cpu-baseline", .. target, host]);
        }
        await Same("hypervisor-cpu-baseline", "--model", "EPYC");
        await Same("hypervisor-cpu-baseline", "--model", "Opteron_G3", "--features");
        await Same("hypervisor-cpu-baseline", "--model", "EPYC", host);
        await Same("hypervisor-cpu-baseline");
        await Same("hypervisor-cpu-baseline", "--model", "");
        await Same("hypervisor-cpu-compare");
    }
}
