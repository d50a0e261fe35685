using System.Text;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Lxc.Tests.Support;

namespace Vireo.Lxc.Tests.Containers;

/// <summary>The console keeps output from the first byte; a new driver takes back running containers.</summary>
public class ConsoleAndRestartTests(RootfsFixture rootfs)
{
    private const string ShellInit = "echo FIRST-BYTES-$(hostname); exec /bin/sh";

    [Fact]
    public async Task TheConsoleReplaysOutputFromTheFirstByteAndTakesInput()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "con-" + bed.Suffix;
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", ShellInit]));
        await using var console = await bed.Driver.Consoles.OpenAsync(dom.Uuid, null, replayHistory: true, CancellationToken.None);
        var seen = await ReadUntilAsync(console, $"FIRST-BYTES-{name}");
        Assert.StartsWith($"FIRST-BYTES-{name}", seen);
        await console.WriteAsync(Encoding.ASCII.GetBytes("echo sum=$((40+2))\n"), CancellationToken.None);
        await ReadUntilAsync(console, "sum=42");
    }

    [Fact]
    public async Task ALiveConsoleGetsTheOutputNoSessionHasSeenYet()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "live-" + bed.Suffix;
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", ShellInit]));
        // Like a pty's next reader, the first live session still gets the start-up output...
        await using (var first = await bed.Driver.Consoles.OpenAsync(dom.Uuid, "console0", replayHistory: false, CancellationToken.None))
        {
            await ReadUntilAsync(first, $"FIRST-BYTES-{name}");
            await first.WriteAsync(Encoding.ASCII.GetBytes("echo marker-$((6*7))\n"), CancellationToken.None);
            await ReadUntilAsync(first, "marker-42");
        }
        // ...a later one only what comes after, while a history session still sees everything.
        await using var later = await bed.Driver.Consoles.OpenAsync(dom.Uuid, null, replayHistory: false, CancellationToken.None);
        await later.WriteAsync(Encoding.ASCII.GetBytes("echo after-$((1+1))\n"), CancellationToken.None);
        var seen = await ReadUntilAsync(later, "after-2");
        Assert.DoesNotContain("FIRST-BYTES", seen);
        await using var history = await bed.Driver.Consoles.OpenAsync(dom.Uuid, null, replayHistory: true, CancellationToken.None);
        Assert.Contains("marker-42", await ReadUntilAsync(history, "after-2"));
    }

    [Fact]
    public async Task TheHelperAndInitHaveSessionsOfTheirOwnOnceTheContainerRuns()
    {
        // The helper starts in the daemon's session (a new one is a new scheduling autogroup, slow to
        // get a CPU on a busy host) and must have left it by the time start returns, so a terminal
        // hangup or Ctrl-C of whoever started it never reaches the supervisor.
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml("sess-" + bed.Suffix, bed.NewRootfs(), args: ["-c", "exec sleep 100000"]));

        var (helper, initSession) = ParentAndSession(dom.Id);
        var (_, helperSession) = ParentAndSession(helper);
        Assert.Equal(dom.Id, initSession);
        Assert.Equal(helper, helperSession);
        Assert.NotEqual(ParentAndSession(Environment.ProcessId).Session, helperSession);
        Assert.Contains("vireo-lxc", File.ReadAllText($"/proc/{helper}/cmdline"));
    }

    /// <summary>ppid and session id from /proc/PID/stat (the fields after the command's closing parenthesis).</summary>
    private static (int Parent, int Session) ParentAndSession(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(f[1]), int.Parse(f[3]));
    }

    [Fact]
    public async Task ANewDriverReconnectsToARunningContainer()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "rec-" + bed.Suffix;
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", ShellInit], memoryMiB: 48));

        await bed.RestartDriverAsync();

        var again = bed.Driver.Domains.LookupByName(name);
        Assert.Equal(dom.Id, again.Id);
        Assert.Equal(DomainState.Running, bed.Driver.Domains.State(dom.Uuid).State);
        Assert.Contains("tty=", bed.Driver.Domains.Xml(dom.Uuid, XmlFlags.None));
        await using (var console = await bed.Driver.Consoles.OpenAsync(dom.Uuid, null, replayHistory: true, CancellationToken.None))
            await ReadUntilAsync(console, $"FIRST-BYTES-{name}");
        Assert.Equal(name, (await bed.ShAsync(dom.Uuid, "hostname")).Trim());
        await bed.Tuning.SetMemoryAsync(dom.Uuid, 40 * 1024, MemoryModFlags.Live, CancellationToken.None);
        Assert.Equal((40L << 20).ToString(), File.ReadAllText(Path.Combine(bed.CgroupDir(name), bed.Options.CgroupLayout.PreferredVersion == Platform.Cgroups.CgroupVersion.V1 ? "memory.limit_in_bytes" : "memory.max")).Trim());

        await bed.Driver.Lifecycle.DestroyAsync(dom.Uuid, DestroyFlags.Default, CancellationToken.None);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Destroyed), bed.Driver.Domains.State(dom.Uuid));
        bed.AssertNothingLeft(name, dom.Uuid);
    }

    [Fact]
    public async Task AContainerThatEndedWhileTheDriverWasAwayIsCleanedUp()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "gone-" + bed.Suffix;
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", "exec sleep 100000"]));
        await bed.Driver.DisposeAsync();
        // Our own container's init, killed behind the (disposed) driver's back.
        ContainerBed.Run("kill", "-KILL", dom.Id.ToString());
        await ContainerBed.WaitForAsync(() => bed.ProcessesOf(dom.Uuid).Count == 0, "the helper to finish");
        // The helper removed the groups itself once it reaped init: no daemon has to come back for that.
        Assert.True(bed.CgroupsOf(name) is [], $"the helper left cgroups: {string.Join(", ", bed.CgroupsOf(name))}");

        await bed.RestartDriverAsync();
        Assert.Equal(DomainState.Shutoff, bed.Driver.Domains.State(dom.Uuid).State);
        bed.AssertNothingLeft(name, dom.Uuid);
    }

    [Fact]
    public async Task AContainerWhoseHelperWasKilledWhileTheDriverWasAwayIsCleanedUpAtTheNextStart()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "orphan-" + bed.Suffix;
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", "exec sleep 100000"]));
        var helper = bed.ProcessesOf(dom.Uuid).Single(pid => pid != dom.Id && File.ReadAllText($"/proc/{pid}/comm").Trim() == "vireo-lxc");
        await bed.Driver.DisposeAsync();
        // A helper killed outright cannot clean up; init dies with it (its parent-death signal), and
        // the group stays until a driver starts on the same state and finds the container gone.
        ContainerBed.Run("kill", "-KILL", helper.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ContainerBed.WaitForAsync(() => bed.ProcessesOf(dom.Uuid).Count == 0, "init to die with its helper");

        await bed.RestartDriverAsync();
        Assert.Equal(DomainState.Shutoff, bed.Driver.Domains.State(dom.Uuid).State);
        bed.AssertNothingLeft(name, dom.Uuid);
    }

    [Fact]
    public async Task AutostartContainersStartWithTheDriver()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "auto-" + bed.Suffix;
        var dom = await bed.Driver.Lifecycle.DefineAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", "exec sleep 100000"]), DefineFlags.None, CancellationToken.None);
        await bed.Driver.Lifecycle.SetAutostartAsync(dom.Uuid, true, CancellationToken.None);
        await bed.RestartDriverAsync();
        var now = bed.Driver.Domains.LookupByUuid(dom.Uuid);
        try
        {
            Assert.True(now.IsActive);
            Assert.True(bed.Driver.Domains.Autostart(dom.Uuid));
        }
        finally
        {
            if (now.IsActive) await bed.Driver.Lifecycle.DestroyAsync(dom.Uuid, DestroyFlags.Default, CancellationToken.None);
        }
    }

    private static async Task<string> ReadUntilAsync(IConsoleSession console, string text)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var sb = new StringBuilder();
        while (!sb.ToString().Contains(text))
        {
            var chunk = await console.ReadAsync(cts.Token);
            Assert.False(chunk.IsEmpty, $"the console ended before '{text}' appeared; it said: {sb}");
            sb.Append(Encoding.UTF8.GetString(chunk.Span));
        }
        return sb.ToString();
    }
}
