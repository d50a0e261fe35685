using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Perf;

/// <summary>
/// virsh perf and domstats --perf against vireod with a real TCG guest: software events really count on the QEMU
/// process (as libvirtd 9.0 counts them, one counter per event on QEMU's pid), a disable removes them, hardware
/// events are refused on this host without a PMU with libvirtd's sentence, --config changes only the saved XML,
/// and python-libvirt's perfEvents/setPerfEvents see and change the same state. Outputs as libvirtd 9.0 printed them.
/// </summary>
public sealed class PerfTests
{
    [Fact]
    public async Task Software_events_count_while_the_guest_runs_and_disabling_removes_them()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("perf");
        await using var console = await served.ReadyConsoleAsync(name);

        var listed = await served.VirshOkAsync("perf", name);
        Assert.StartsWith("cmt            : disabled\nmbmt           : disabled\n", listed, StringComparison.Ordinal);
        Assert.Contains("\ncache_references: disabled\n", listed, StringComparison.Ordinal);
        Assert.EndsWith("emulation_faults: disabled\n\n", listed, StringComparison.Ordinal);
        Assert.Equal(23, listed.Split('\n').Length - 1); // 22 events and the blank line

        Assert.Equal("task_clock     : enabled\npage_faults    : enabled\n\n", await served.VirshOkAsync("perf", name, "--enable", "task_clock,page_faults"));
        Assert.Contains("task_clock     : enabled\n", await served.VirshOkAsync("perf", name));
        Assert.Contains("<event name='task_clock' enabled='yes'/>", await served.VirshOkAsync("dumpxml", name));
        Assert.DoesNotContain("<perf>", await served.VirshOkAsync("dumpxml", "--inactive", name)); // a live change only

        var first = await PerfStats(served, name);
        Assert.Equal(["perf.task_clock", "perf.page_faults"], first.Keys);
        await console.RunAsync("i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo looped");
        await Expect.EventuallyAsync(() => PerfStats(served, name), s => s.GetValueOrDefault("perf.task_clock") > first["perf.task_clock"],
            "perf.task_clock to grow while the guest runs");

        Assert.Equal("task_clock     : disabled\n\n", await served.VirshOkAsync("perf", name, "--disable", "task_clock", "--live"));
        Assert.Equal(["perf.page_faults"], (await PerfStats(served, name)).Keys);
        Assert.Contains("<event name='task_clock' enabled='no'/>", await served.VirshOkAsync("dumpxml", name));

        // The same through vireo.
        Assert.Equal("page_faults    : disabled\n\n", await served.VireoOkAsync("perf", name, "--disable", "page_faults"));
        Assert.Empty(await PerfStats(served, name));
    }

    [Fact]
    public async Task Hardware_and_rdt_events_are_refused_and_config_changes_only_the_saved_xml()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("perfhw");
        Assert.SkipWhen(File.Exists("/sys/bus/event_source/devices/cpu/type"), "this host has a hardware PMU: cpu_cycles would count here");

        Assert.Equal("error: Unable to enable/disable perf events\nerror: unable to open host cpu perf event for cpu_cycles: No such file or directory",
            (await served.VirshFailsAsync("perf", name, "--enable", "cpu_cycles")).Trim());
        Assert.Equal("error: Unable to enable/disable perf events\nerror: argument unsupported: unable to enable host cpu perf event for cmt",
            (await served.VirshFailsAsync("perf", name, "--enable", "cmt")).Trim());
        Assert.Equal("error: Unable to enable/disable perf events\nerror: argument unsupported: parameter 'bogus' not supported",
            (await served.VirshFailsAsync("perf", name, "--enable", "bogus")).Trim());
        Assert.Equal("error: Unable to enable/disable perf events\nerror: invalid argument: parameter 'cpu_clock' occurs multiple times",
            (await served.VirshFailsAsync("perf", name, "--enable", "cpu_clock", "--disable", "cpu_clock")).Trim());
        // A refused enable leaves nothing half-done: the software event named before it is not left open.
        await served.VirshFailsAsync("perf", name, "--enable", "task_clock,cpu_cycles");
        Assert.Contains("task_clock     : disabled\n", await served.VirshOkAsync("perf", name));
        Assert.DoesNotContain("<perf>", await served.VirshOkAsync("dumpxml", name));

        // --config: the saved XML only, even for an event this host cannot count.
        Assert.Equal("cpu_cycles     : enabled\ncontext_switches: enabled\n\n",
            await served.VirshOkAsync("perf", name, "--enable", "cpu_cycles,context_switches", "--config"));
        var saved = await served.VirshOkAsync("dumpxml", "--inactive", name);
        Assert.Contains("  <perf>\n    <event name='cpu_cycles' enabled='yes'/>\n    <event name='context_switches' enabled='yes'/>\n  </perf>\n", saved);
        Assert.Contains("context_switches: enabled\n", await served.VirshOkAsync("perf", name, "--config"));
        Assert.Contains("context_switches: disabled\n", await served.VirshOkAsync("perf", name, "--live"));
        Assert.Empty(await PerfStats(served, name));

        // Starting with a hardware event enabled fails as libvirtd's start fails.
        await served.VirshOkAsync("destroy", name);
        Assert.Equal("error: Failed to start domain '" + name + "'\nerror: unable to open host cpu perf event for cpu_cycles: No such file or directory",
            (await served.VirshFailsAsync("start", name)).Trim());
        Assert.Equal("error: Unable to get perf events\nerror: Requested operation is not valid: domain is not running",
            (await served.VirshFailsAsync("perf", name, "--live")).Trim());

        // Without it the guest starts with the saved software event counting.
        await served.VirshOkAsync("perf", name, "--disable", "cpu_cycles");
        await served.VirshOkAsync("start", name);
        Assert.Equal(["perf.context_switches"], (await PerfStats(served, name)).Keys);
    }

    [Fact]
    public async Task Python_libvirt_reads_and_sets_perf_events()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("perfpy");
        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            d = libvirt.open('{{served.Uri}}').lookupByName('{{name}}')
            before = d.perfEvents()
            print(len(before), before['cpu_clock'])
            d.setPerfEvents({'cpu_clock': True, 'cpu_migrations': True}, libvirt.VIR_DOMAIN_AFFECT_LIVE)
            after = d.perfEvents()
            print(after['cpu_clock'], after['cpu_migrations'], after['task_clock'])
            try:
                d.setPerfEvents({'instructions': True})
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_message())
            """]);
        Assert.Equal((0, "22 False\nTrue True False\n38 unable to open host cpu perf event for instructions: No such file or directory\n"),
            (python.ExitCode, python.Stdout));
        var stats = await PerfStats(served, name);
        Assert.Equal(["perf.cpu_clock", "perf.cpu_migrations"], stats.Keys);
    }

    /// <summary>virsh domstats --perf, as field -> count.</summary>
    private static async Task<Dictionary<string, ulong>> PerfStats(ServedEngine served, string name)
    {
        var text = await served.VirshOkAsync("domstats", "--perf", name);
        return text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("perf.", StringComparison.Ordinal))
            .Select(l => l.Split('=')).ToDictionary(p => p[0], p => ulong.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
