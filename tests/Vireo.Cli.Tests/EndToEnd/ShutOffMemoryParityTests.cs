using Vireo.Cli.Tests.Support;
using Vireo.Daemon.Tests.Support;

namespace Vireo.Cli.Tests.EndToEnd;

/// <summary>
/// What a shut-off domain whose current memory is below its maximum reports, with and without a balloon
/// device: Debian's virsh against vireod must print what it prints against a real libvirtd 9.0 (the oracle).
/// </summary>
public sealed class ShutOffMemoryParityTests
{
    private static string DomainXml(string name, bool balloon) =>
        $"<domain type='qemu'><name>{name}</name><memory unit='MiB'>256</memory><currentMemory unit='MiB'>128</currentMemory>" +
        "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices><emulator>/usr/bin/qemu-system-x86_64</emulator>" +
        (balloon ? "" : "<memballoon model='none'/>") + "</devices></domain>";

    /// <summary>The memory lines of dominfo and the balloon stats of each test domain, as virsh prints them.</summary>
    private static async Task<string> ReportAsync(string uri, string dir)
    {
        var report = new List<string>();
        foreach (var (name, balloon) in new[] { ("memballoon", true), ("memnoballoon", false) })
        {
            var file = Path.Combine(dir, name + ".xml");
            await File.WriteAllTextAsync(file, DomainXml(name, balloon));
            var define = await Run.VirshAsync(uri, "define", file);
            Assert.True(define.ExitCode == 0, define.ToString());
            var info = await Run.VirshAsync(uri, "dominfo", name);
            Assert.True(info.ExitCode == 0, info.ToString());
            report.AddRange(info.Stdout.Split('\n').Where(l => l.Contains("memory", StringComparison.Ordinal)));
            var stats = await Run.VirshAsync(uri, "domstats", "--balloon", name);
            Assert.True(stats.ExitCode == 0, stats.ToString());
            report.Add(stats.Stdout.Trim());
            Assert.Equal(0, (await Run.VirshAsync(uri, "undefine", name)).ExitCode);
        }
        return string.Join('\n', report);
    }

    [Fact]
    public async Task Dominfo_and_balloon_stats_of_a_shut_off_domain_match_libvirtd()
    {
        MachineSetUp.Require(Run.Exists("virsh"), "virsh (libvirt-clients)");
        var missing = SandboxedLibvirtd.Missing();
        MachineSetUp.RequireNothingMissing(missing);
        string expected;
        await using (var libvirtd = await SandboxedLibvirtd.StartAsync())
            expected = await ReportAsync(libvirtd.Uri, libvirtd.Dir);
        Assert.Contains("Used memory:    131072 KiB", expected); // the oracle says what this test is about

        var root = DemoKit.TempRoot("som");
        try
        {
            await using var vireod = await Vireod.StartAsync(root);
            Assert.Equal(expected, await ReportAsync(vireod.Uri, root));
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
        }
    }
}
