using System.Globalization;
using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Save;

/// <summary>
/// The statistics of a finished save (virsh domjobinfo --completed, the JOB_COMPLETED event) against vireod with a
/// real TCG guest: a stock `virsh event` and `vireo event` each receive the event when `virsh save` finishes, the
/// statistics read back are the event's, KEEP_COMPLETED keeps them and a plain read forgets them, and a managed
/// save leaves its own that survive the guest's next start (as libvirtd 9.0 does; JobCompletedParityTests
/// compares the names, types and layout with it).
/// </summary>
public sealed partial class CompletedJobTests
{
    private const string None = "Job type:         None        \n\n";

    [Fact]
    public async Task A_save_leaves_its_statistics_and_sends_job_completed()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("jdone");
        var image = Path.Combine(served.RootPath, "guest.save");
        Assert.Equal((None, None), await served.BothOkAsync("domjobinfo", name, "--completed"));

        var registered = served.Rpc.EventRegistrationCount;
        var virshEvent = ProcessRunner.RunAsync("virsh", ["-c", served.Uri, "event", name, "--event", "job-completed", "--timeout", "120"]);
        var vireoEvent = served.VireoAsync("event", name, "--event", "job-completed", "--timeout", "120");
        await Expect.EventuallyAsync(() => Task.FromResult(served.Rpc.EventRegistrationCount), n => n >= registered + 2, "virsh event and vireo event registering");

        await served.VirshOkAsync("save", name, image);

        var heard = await virshEvent;
        Assert.True(heard.ExitCode == 0, heard.ToString());
        var stats = EventParams(heard.Stdout, name);
        Assert.Equal(
            ["operation", "time_elapsed", "downtime", "setup_time", "data_total", "data_processed", "data_remaining",
             "memory_total", "memory_processed", "memory_remaining", "memory_bps", "memory_constant", "memory_normal",
             "memory_normal_bytes", "memory_dirty_rate", "memory_iteration", "memory_postcopy_requests", "memory_page_size"],
            stats.Keys);
        Assert.Equal(2UL, stats["operation"]); // VIR_DOMAIN_JOB_OPERATION_SAVE
        Assert.Equal(256UL << 20, stats["memory_total"] & ~((1UL << 20) - 1)); // the guest's 256 MiB (QEMU adds its ROMs)
        Assert.Equal(0UL, stats["memory_remaining"]);
        Assert.True(stats["memory_processed"] > 0 && stats["memory_processed"] == stats["data_processed"], heard.Stdout);
        Assert.True(stats["memory_normal_bytes"] == stats["memory_normal"] * stats["memory_page_size"], heard.Stdout);
        // The guest was paused for the whole save: its downtime is within the job's time.
        Assert.True(stats["downtime"] <= stats["time_elapsed"], heard.Stdout);
        var vireoHeard = await vireoEvent;
        Assert.True(vireoHeard.ExitCode == 0, vireoHeard.ToString());
        Assert.Equal(heard.Stdout, vireoHeard.Stdout);

        // Read back with KEEP_COMPLETED: the event's very values, twice; virsh and vireo print them alike.
        var raw = await served.VirshOkAsync("domjobinfo", name, "--completed", "--keep-completed", "--rawstats");
        Assert.Equal("Job type: 3\n\n" + string.Concat(stats.Select(s => $"{s.Key}: {s.Value}\n")) + "\n", raw);
        var (virshText, vireoText) = await served.BothOkAsync("domjobinfo", name, "--completed", "--keep-completed");
        Assert.Equal(virshText, vireoText);
        Assert.StartsWith("Job type:         Completed   \nOperation:        Save        \n" +
            $"Time elapsed:     {stats["time_elapsed"],-12} ms\n", virshText, StringComparison.Ordinal);
        Assert.Contains($"Total downtime:   {stats["downtime"],-12} ms\nSetup time:       {stats["setup_time"],-12} ms\n", virshText, StringComparison.Ordinal);

        // A plain read reports them once and forgets them.
        Assert.Equal(virshText, await served.VirshOkAsync("domjobinfo", name, "--completed"));
        Assert.Equal(None, await served.VirshOkAsync("domjobinfo", name, "--completed"));
        Assert.Equal("error: Option --completed is required by option --keep-completed", (await served.VirshFailsAsync("domjobinfo", name, "--keep-completed")).Trim());

        // A managed save leaves its own; the guest's next start (from that image) keeps them.
        await served.VirshOkAsync("restore", image);
        await served.VirshOkAsync("managedsave", name);
        var managed = await served.VirshOkAsync("domjobinfo", name, "--completed", "--keep-completed", "--rawstats");
        Assert.StartsWith("Job type: 3\n\noperation: 2\n", managed, StringComparison.Ordinal);
        await served.VirshOkAsync("start", name);
        Assert.Equal(managed, await served.VirshOkAsync("domjobinfo", name, "--completed", "--rawstats"));
        Assert.Equal("{'type': 0}\n", await served.PythonAsync(name, "print(d.jobStats(libvirt.VIR_DOMAIN_JOB_STATS_COMPLETED))"));
        await served.VirshOkAsync("destroy", name);
    }

    /// <summary>The "\tname: value" lines virsh printed for the domain's one job-completed event.</summary>
    private static Dictionary<string, ulong> EventParams(string output, string name)
    {
        Assert.StartsWith($"event 'job-completed' for domain '{name}':\n", output, StringComparison.Ordinal);
        var stats = new Dictionary<string, ulong>();
        foreach (Match m in ParamLine().Matches(output))
            stats.Add(m.Groups[1].Value, ulong.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        return stats;
    }

    [GeneratedRegex(@"^\t([a-z_]+): ([0-9]+)$", RegexOptions.Multiline)]
    private static partial Regex ParamLine();
}
