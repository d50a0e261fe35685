using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Metadata;

/// <summary>
/// virsh cpu-stats, vireo cpu-stats and python-libvirt's getCPUStats against vireod with a real TCG guest: the
/// guest's cgroup (cpuacct) gives the totals and every host CPU's time, its vCPU groups the vcpu_time; a shut-off
/// domain is refused with libvirtd 9.0's words.
/// </summary>
public sealed partial class CpuStatsTests
{
    [Fact]
    public async Task Cpu_stats_reports_the_guests_cgroup_time_per_host_cpu_and_in_total()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("cpus");
        await using (var console = await served.ReadyConsoleAsync(name)) { } // the guest has booted: it has used CPU time

        var total = await served.VirshOkAsync("cpu-stats", name, "--total");
        Assert.Matches(TotalLayout(), total);
        Assert.True(Seconds(total, "cpu_time") > 0, total);
        Assert.Matches(TotalLayout(), await served.VireoOkAsync("cpu-stats", name, "--total"));

        var cpus = Environment.ProcessorCount;
        var all = await served.VirshOkAsync("cpu-stats", name);
        var vireoAll = await served.VireoOkAsync("cpu-stats", name);
        Assert.Equal(Shape(all), Shape(vireoAll));
        Assert.Equal(Enumerable.Range(0, cpus).Select(i => $"CPU{i}:"), Regex.Matches(all, @"^CPU\d+:$", RegexOptions.Multiline).Select(m => m.Value));
        Assert.Equal(cpus, Regex.Matches(all, @"^\tvcpu_time +\d+\.\d{9} seconds$", RegexOptions.Multiline).Count);

        var one = await served.VirshOkAsync("cpu-stats", name, "--start", "1", "--count", "1");
        Assert.StartsWith("CPU1:\n\tcpu_time ", one, StringComparison.Ordinal);
        Assert.DoesNotContain("Total:", one, StringComparison.Ordinal);
        Assert.Equal($"error: Start CPU {cpus} is out of range (min: 0, max: {cpus - 1})", (await served.VirshFailsAsync("cpu-stats", name, "--start", $"{cpus}")).Trim());

        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            d = libvirt.openReadOnly('{{served.Uri}}').lookupByName('{{name}}')
            t = d.getCPUStats(True)
            p = d.getCPUStats(False)
            print(sorted(t[0]), t[0]['cpu_time'] > 0, t[0]['cpu_time'] >= t[0]['user_time'] > 0)
            print(len(p), sorted(p[0]), sum(c['vcpu_time'] for c in p) > 0)
            """]);
        Assert.Equal((0, $"['cpu_time', 'system_time', 'user_time'] True True\n{cpus} ['cpu_time', 'vcpu_time'] True\n"), (python.ExitCode, python.Stdout));

        await served.VirshOkAsync("destroy", name);
        Assert.Equal($"error: Failed to retrieve CPU statistics for domain '{name}'\nerror: Requested operation is not valid: domain is not running",
            (await served.VirshFailsAsync("cpu-stats", name, "--total")).Trim());
    }

    private static double Seconds(string output, string field) =>
        double.Parse(Regex.Match(output, $@"\t{field} +(\d+\.\d+) seconds").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The output with every number replaced, so virsh's and vireo's layouts compare exactly.</summary>
    private static string Shape(string output) => Regex.Replace(output, @"\d+\.\d{9}", m => new string('#', m.Length));

    [GeneratedRegex(@"^Total:\n\tcpu_time +\d+\.\d{9} seconds\n\tuser_time +\d+\.\d{9} seconds\n\tsystem_time +\d+\.\d{9} seconds\n\n$")]
    private static partial Regex TotalLayout();
}
