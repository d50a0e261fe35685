using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Cpu;

namespace Vireo.IntegrationTests.HostNode;

/// <summary>
/// vireo cpu-compare and cpu-baseline print what Debian's virsh prints against the same vireod, for the files
/// CpuCompareParityTests compares with libvirtd (bare &lt;cpu&gt;s, domain XML, capabilities, domain capabilities,
/// several CPUs in one file): exit status, output and error lines. Not compared: a malformed file, where virsh
/// prints libxml2's parser message and vireo .NET's.
/// </summary>
public sealed class CpuCliTests
{
    [Fact]
    public async Task Vireo_prints_what_virsh_prints_for_the_same_files()
    {
        Assert.SkipUnless(X86HostCpuid.Available, "the host CPU is not x86: Vireo compares x86 CPUs only");
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync();
        async Task Same(params string[] args)
        {
            var virsh = await served.VirshAsync(args);
            var vireo = await served.VireoAsync(args);
            Assert.Equal((virsh.ExitCode, virsh.Stdout.TrimEnd('\n'), virsh.Stderr.Trim()), (vireo.ExitCode, vireo.Stdout.TrimEnd('\n'), vireo.Stderr.Trim()));
        }

        var caps = served.WriteFile("caps.xml", await served.VirshOkAsync("capabilities"));
        var domcaps = served.WriteFile("domcaps.xml", await served.VirshOkAsync("domcapabilities"));
        var several = served.WriteFile("several.xml", "<?xml version='1.0'?>\n<cpu><arch>x86_64</arch><model>kvm64</model></cpu>\n"
            + "<domain type='qemu'><name>d</name><cpu><arch>x86_64</arch><model>qemu64</model></cpu></domain>");
        var nothing = served.WriteFile("nothing.xml", "<domain type='qemu'><name>d</name></domain>");
        foreach (var file in new[] { caps, domcaps, several, nothing, Path.Combine(served.RootPath, "missing.xml") })
        {
            await Same("cpu-compare", file);
            await Same("cpu-baseline", file);
        }
        foreach (var (name, xml) in CpuCompareParityTests.Compared.Where(c => c.Name != "malformed"))
        {
            var file = served.WriteFile(name + ".xml", xml);
            await Same("cpu-compare", file);
            await Same("cpu-compare", "--error", file);
        }
        foreach (var (name, xml) in CpuCompareParityTests.Baselined)
        {
            var file = served.WriteFile("b-" + name + ".xml", xml);
            await Same("cpu-baseline", file);
            await Same("cpu-baseline", "--features", file);
            await Same("cpu-baseline", "--migratable", file);
        }
        var malformed = await served.VireoAsync("cpu-compare", served.WriteFile("malformed.xml", "<cpu><model>"));
        Assert.Equal(1, malformed.ExitCode);
        Assert.StartsWith($"error: {Path.Combine(served.RootPath, "malformed.xml")}: ", malformed.Stderr);
    }
}
