using System.Globalization;
using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Clock;

/// <summary>
/// &lt;clock&gt; offsets and timers on a real guest, defined and started through virsh or vireo against
/// vireod: the time the guest's kernel takes from its RTC (and what `date` says), QEMU's argv and what QEMU
/// itself reports (qom-get, info qtree). Tolerances cover boot and command round trips, never timing.
/// </summary>
[Collection(ClockCollection.Name)]
public sealed partial class ClockTests
{
    private const long Tolerance = 300; // seconds: a TCG boot plus a few shell round trips, with room to spare

    [Fact]
    public async Task AVariableOffsetPutsTheGuestAnHourAheadThroughVirsh()
    {
        await using var rig = await ServedEngine.StartAsync();
        var name = await DefineAndStartAsync(rig, "virsh", "clockvar", "<clock offset='variable' adjustment='3600' basis='utc'/>");
        Assert.Contains("<clock offset='variable' adjustment='3600' basis='utc'/>", (await rig.BothOkAsync("dumpxml", name)).Virsh);
        await using var console = await rig.ReadyConsoleAsync(name);
        AssertNear(3600, await GuestMinusHostAsync(console));
        AssertNear(3600, KernelRtcMinusHost(console.Text)); // the kernel's own report of the RTC it read at boot
        Assert.Contains(rig.QemuArgv(name), a => a.StartsWith("base=20", StringComparison.Ordinal)); // an absolute RTC start
    }

    [Fact]
    public async Task ATimezoneOffsetRunsTheRtcInThatZoneThroughVireo()
    {
        await using var rig = await ServedEngine.StartAsync();
        var name = await DefineAndStartAsync(rig, "vireo", "clocktz", "<clock offset='timezone' timezone='Asia/Tokyo'/>");
        await using var console = await rig.ReadyConsoleAsync(name);
        // The guest reads the RTC as UTC, so Tokyo's wall clock (UTC+9, no daylight saving) shows as 9 h ahead.
        AssertNear(9 * 3600, await GuestMinusHostAsync(console));
        Assert.Contains("base=localtime", rig.QemuArgv(name));
    }

    [Fact]
    public async Task ALocaltimeOffsetFollowsTheHostsZone()
    {
        await using var rig = await ServedEngine.StartAsync();
        var name = await DefineAndStartAsync(rig, "virsh", "clocklocal", "<clock offset='localtime'/>");
        await using var console = await rig.ReadyConsoleAsync(name);
        // QEMU gets no TZ from the engine: it uses the host's /etc/localtime, as the test process does here.
        var hostOffset = (long)TimeZoneInfo.Local.GetUtcOffset(DateTimeOffset.UtcNow).TotalSeconds;
        AssertNear(hostOffset, await GuestMinusHostAsync(console));
        Assert.Contains("base=localtime", rig.QemuArgv(name));
    }

    [Fact]
    public async Task TimersReachQemuAndTheGuestSeesNoHpet()
    {
        await using var rig = await ServedEngine.StartAsync();
        var timers = await DefineAndStartAsync(rig, "virsh", "clocktimers",
            "<clock offset='utc'><timer name='rtc' tickpolicy='catchup'/><timer name='pit' tickpolicy='delay'/><timer name='hpet' present='no'/><timer name='kvmclock' present='no'/></clock>");
        var plain = await rig.StartGuestAsync("clockplain");

        var argv = rig.QemuArgv(timers);
        Assert.Contains("base=utc,driftfix=slew", argv);                       // -rtc
        Assert.Contains("kvm-pit.lost_tick_policy=delay", argv);               // -global (libvirt's; the in-kernel PIT only)
        Assert.Contains(argv, a => a.StartsWith("pc-", StringComparison.Ordinal) && a.Contains(",hpet=off", StringComparison.Ordinal)); // -machine
        Assert.Contains(argv, a => a.Contains("kvmclock=off", StringComparison.Ordinal));               // -cpu

        // QEMU's own view: no HPET on the machine, the RTC slews lost ticks, and under TCG the PIT is QEMU's
        // own (isa-pit, which always delays), so the kvm-pit policy has nothing to apply to.
        Assert.False((bool)(await rig.QmpAsync(timers, QmpCommands.QomGet("/machine", "hpet")))!);
        Assert.True((bool)(await rig.QmpAsync(plain, QmpCommands.QomGet("/machine", "hpet")))!);
        var qtree = (string)(await rig.QmpAsync(timers, QmpCommands.HumanMonitorCommand("info qtree")))!;
        Assert.Matches(RtcSlew(), qtree);
        Assert.Contains("dev: isa-pit", qtree);
        Assert.DoesNotContain("dev: hpet", qtree);
        Assert.Contains("dev: hpet", (string)(await rig.QmpAsync(plain, QmpCommands.HumanMonitorCommand("info qtree")))!);

        // And the guest's kernel: clock sources without an HPET (and no kvm-clock), the plain guest with one.
        await using var timersConsole = await rig.ReadyConsoleAsync(timers);
        await using var plainConsole = await rig.ReadyConsoleAsync(plain);
        const string sources = "cat /sys/devices/system/clocksource/clocksource0/available_clocksource";
        var without = await timersConsole.RunAsync(sources);
        Assert.DoesNotContain("hpet", without);
        Assert.DoesNotContain("kvm-clock", without);
        Assert.Contains("hpet", await plainConsole.RunAsync(sources));
    }

    /// <summary>
    /// kvmclock asked of a TCG domain is a property of the definition alone (its type and its clock), so it is
    /// refused at define, before anything is written, by virsh and vireo alike: a new domain does not appear,
    /// and an existing definition being replaced keeps its old XML.
    /// </summary>
    [Fact]
    public async Task KvmclockUnderTcgIsRefusedClearlyAndNothingChanges()
    {
        await using var rig = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("clockkvm");
        var file = Path.Combine(rig.RootPath, name + ".xml");
        await File.WriteAllTextAsync(file, DemoKit.DomainXml(name, WithClock("<clock offset='utc'><timer name='kvmclock' present='yes'/></clock>")), TestContext.Current.CancellationToken);
        var refusal = $"error: unsupported configuration: <timer name='kvmclock' present='yes'> of domain '{name}' needs KVM, but the domain type is 'qemu' (TCG), which has no kvmclock";

        // A new domain: refused, and no trace of it afterwards.
        var virsh = await rig.VirshAsync("define", file);
        var vireo = await rig.VireoAsync("define", file);
        Assert.Equal(1, virsh.ExitCode);
        Assert.Contains($"error: Failed to define domain from {file}", virsh.Stderr);
        Assert.Contains(refusal, virsh.Stderr);
        Assert.Equal((1, virsh.Stderr), (vireo.ExitCode, vireo.Stderr));
        Assert.DoesNotContain(name, (await rig.BothOkAsync("list", "--all", "--name")).Virsh);
        Assert.Contains($"error: failed to get domain '{name}'", (await rig.VirshAsync("dominfo", name)).Stderr);
        Assert.DoesNotContain(Directory.EnumerateFiles(rig.RootPath, "*", SearchOption.AllDirectories), f => Path.GetFileName(f).StartsWith(name, StringComparison.Ordinal) && f != file);

        // An existing domain redefined with the timer: refused, its definition as it was.
        await File.WriteAllTextAsync(file, DemoKit.DomainXml(name, WithClock("<clock offset='utc'><timer name='kvmclock' present='no'/></clock>")), TestContext.Current.CancellationToken);
        Assert.Equal(0, (await rig.VirshAsync("define", file)).ExitCode);
        var before = (await rig.BothOkAsync("dumpxml", name)).Virsh;
        Assert.Contains("<timer name='kvmclock' present='no'/>", before);
        await File.WriteAllTextAsync(file, DemoKit.DomainXml(name, WithClock("<clock offset='utc'><timer name='kvmclock' present='yes'/></clock>")), TestContext.Current.CancellationToken);
        virsh = await rig.VirshAsync("define", file);
        Assert.Equal(1, virsh.ExitCode);
        Assert.Contains(refusal, virsh.Stderr);
        Assert.Equal(before, (await rig.BothOkAsync("dumpxml", name)).Virsh);
        Assert.Equal("shut off", (await rig.BothOkAsync("domstate", name)).Virsh.Trim());
    }

    /// <summary>Writes the demo guest with the clock into a file, then `define` and `start` through the tool.</summary>
    private static async Task<string> DefineAndStartAsync(ServedEngine rig, string tool, string prefix, string clock)
    {
        var name = DemoKit.UniqueName(prefix);
        var file = Path.Combine(rig.RootPath, name + ".xml");
        await File.WriteAllTextAsync(file, DemoKit.DomainXml(name, WithClock(clock)), TestContext.Current.CancellationToken);
        foreach (var step in new[] { new[] { "define", file }, ["start", name] })
        {
            var run = tool == "virsh" ? await rig.VirshAsync(step) : await rig.VireoAsync(step);
            Assert.True(run.ExitCode == 0, $"{tool} {string.Join(' ', step)}: {run}");
        }
        return name;
    }

    private static Func<string, string> WithClock(string clock) =>
        xml => xml.Replace("<on_poweroff>", clock + "<on_poweroff>", StringComparison.Ordinal);

    /// <summary>The guest's `date +%s` minus the host's clock, in seconds.</summary>
    private static async Task<long> GuestMinusHostAsync(ConsoleReader console)
    {
        var text = (await console.RunAsync("date +%s")).Trim();
        return long.Parse(text, CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    /// <summary>"rtc_cmos 00:00: setting system clock to 2026-01-01T10:00:00 UTC (...)": the kernel's boot-time RTC read.</summary>
    private static long KernelRtcMinusHost(string console)
    {
        var m = KernelRtc().Match(console);
        Assert.True(m.Success, "the guest kernel did not report setting its clock from the RTC");
        var rtc = DateTimeOffset.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return rtc.ToUnixTimeSeconds() - DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    private static void AssertNear(long expected, long actual) =>
        Assert.True(Math.Abs(actual - expected) <= Tolerance, $"the guest is {actual} s off the host, expected about {expected} s (tolerance {Tolerance} s)");

    [GeneratedRegex(@"setting system clock to (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d) UTC")]
    private static partial Regex KernelRtc();

    [GeneratedRegex(@"dev: mc146818rtc[\s\S]*?lost_tick_policy = ""slew""")]
    private static partial Regex RtcSlew();
}

[CollectionDefinition(Name)]
public sealed class ClockCollection
{
    public const string Name = "clock guests";
}
