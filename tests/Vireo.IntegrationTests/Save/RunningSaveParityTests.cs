using Vireo.Client;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Events;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Save;

/// <summary>
/// The same TCG guest saved on a sandboxed libvirtd 9.0 and on vireod, each save held while it runs, and each daemon
/// asked about the job then: the same virDomainGetJobStats fields in the same order, the same counters filled in the
/// older virDomainGetJobInfo record (python-libvirt's jobInfo()), and the same domjobinfo lines once the figures are
/// set aside. libvirtd's save goes into a FIFO the test opens and never reads (libvirtd itself lets QEMU past a
/// pause before the switchover); vireod writes a temporary file beside the target, so its QEMU is asked to hold the
/// migration before its switchover (pause-before-switchover, which vireod does not touch). Either way the job's
/// memory counter stands still, which is how the hold is seen.
/// </summary>
public sealed class RunningSaveParityTests
{
    [Fact]
    public async Task A_running_save_reports_the_statistics_libvirtd_reports()
    {
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();

        var theirName = DemoKit.UniqueName("jrun");
        var xmlFile = Path.Combine(libvirtd.Dir, "guest.xml");
        // The serial console into a file, to see the guest booted: a booted guest's memory no longer fits the pipes and
        // buffers between QEMU and the FIFO, so QEMU's migration stalls instead of completing into them.
        var console = Path.Combine(libvirtd.Dir, "console.log");
        await File.WriteAllTextAsync(xmlFile, DemoKit.DomainXml(theirName, xml => xml
            .Replace("<serial type='pty'>", $"<serial type='file'><source path='{console}'/>", StringComparison.Ordinal)
            .Replace("<console type='pty'>", $"<console type='file'><source path='{console}'/>", StringComparison.Ordinal)), TestContext.Current.CancellationToken);
        await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "define", xmlFile]);
        await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "start", theirName]);
        await Expect.EventuallyAsync(() => Task.FromResult(File.Exists(console) ? File.ReadAllText(console) : ""),
            text => DemoKit.MarkerLine().IsMatch(text), $"{theirName} on libvirtd to boot", TimeSpan.FromSeconds(180));
        var fifo = Path.Combine(libvirtd.Dir, "held.save");
        await ProcessRunner.OkAsync("mkfifo", fifo);
        // Opened for reading once libvirtd opens it for writing, and never read: QEMU's writes stop when the pipe is full.
        var reader = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Read), TestContext.Current.CancellationToken);
        // After the abort libvirtd still waits for its helper writing into the FIFO: closing the reader ends that.
        var theirs = await HeldSaveAsync(libvirtd.Uri, theirName, fifo, async () => await (await reader).DisposeAsync());
        await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "destroy", theirName]);

        var ourName = await served.StartGuestAsync("jrun");
        await using (await served.ReadyConsoleAsync(ourName)) { } // booted too, as the other
        await served.VirshOkAsync("qemu-monitor-command", ourName,
            """{"execute":"migrate-set-capabilities","arguments":{"capabilities":[{"capability":"pause-before-switchover","state":true}]}}""");
        var ours = await HeldSaveAsync(served.Uri, ourName, Path.Combine(served.RootPath, "held.save"), () => Task.CompletedTask);

        Assert.Equal(theirs.Stats, ours.Stats);
        Assert.Equal(theirs.Info, ours.Info);
        Assert.Equal(theirs.Printed, ours.Printed);
        Assert.Contains(("memory_total", Vireo.Core.Params.TypedParameterType.ULLong), ours.Stats); // not an empty list on both sides
        Assert.StartsWith("Job type:         Unbounded   \nOperation:        Save        \n", ours.Printed, StringComparison.Ordinal);
    }

    private sealed record Observed(List<(string, Vireo.Core.Params.TypedParameterType)> Stats, string Info, string Printed);

    /// <summary>
    /// Saves the running guest (held as the caller arranged); what the two job calls and virsh report while it is held;
    /// then aborts it, lets go of whatever held it, and sees the save fail.
    /// </summary>
    private static async Task<Observed> HeldSaveAsync(string uri, string name, string image, Func<Task> release)
    {
        var ct = TestContext.Current.CancellationToken;
        var save = ProcessRunner.RunAsync("virsh", ["-c", uri, "save", name, image]);
        // libvirtd lets no monitor command in while its save runs, so the hold is seen from the job itself: its
        // memory counter set, and standing still between two readings.
        string? previous = null;
        await Expect.EventuallyAsync(
            async () =>
            {
                var stats = (await ProcessRunner.RunAsync("virsh", ["-c", uri, "domjobinfo", name, "--rawstats"])).Stdout;
                var processed = stats.Split('\n').FirstOrDefault(l => l.StartsWith("memory_processed:", StringComparison.Ordinal));
                var held = processed is not null && processed != "memory_processed: 0" && processed == previous;
                previous = processed;
                return held;
            },
            held => held,
            $"the save of {name} on {uri}, held before its switchover");

        await using var conn = await VirConnection.OpenAsync(uri, ct: ct);
        var dom = await conn.LookupDomainAsync(name, ct);
        var (type, stats) = await dom.GetJobStatsAsync(0, ct);
        Assert.Equal(DomainJobType.Unbounded, type);
        // Vireo.Client's reading of the older record: the stream's RAM as memory progress, from either daemon.
        var old = await dom.GetJobInfoAsync(ct);
        Assert.True(old.Type == DomainJobType.Unbounded && old.Memory is { Total: > 0 } && old.Disks is null, $"GetJobInfoAsync on {uri}: {old}");
        // jobInfo(): type, elapsed, remaining, then data, memory and file counters (total, processed, remaining). Which
        // of the totals are set, and whether data is the memory's, is what can be compared between two runs.
        var info = await ProcessRunner.OkAsync("/usr/bin/python3", ["-c", """
            import libvirt, sys
            i = libvirt.open(sys.argv[1]).lookupByName(sys.argv[2]).jobInfo()
            print(i[0], i[3] > 0, i[6] > 0, i[9] > 0, i[3] == i[6] + i[9], i[4] == i[7] + i[10])
            """, uri, name]);
        var printed = (await ProcessRunner.RunAsync("virsh", ["-c", uri, "domjobinfo", name])).Stdout;

        await ProcessRunner.OkAsync("virsh", ["-c", uri, "domjobabort", name]);
        await release();
        var result = await save;
        Assert.True(result.ExitCode != 0, $"the aborted save succeeded: {result}");
        return new Observed(JobCompletedParityTests.Shape(stats), info, JobCompletedParityTests.Labels(printed));
    }
}
