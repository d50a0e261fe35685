using Microsoft.Win32.SafeHandles;
using Vireo.Platform.Native;
using Vireo.Platform.Processes;

namespace Vireo.Platform.Tests.Processes;

public class ProcessSpawnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChildGetsItsOwnSessionNullStdinAndAPidfile()
    {
        using var dir = new TempDir();
        using var p = await ProcessSpawner.SpawnAsync(new SpawnOptions
        {
            Executable = "sleep", Arguments = ["60"], PidFilePath = dir["qemu.pid"], OutputLogPath = dir["out.log"],
        }, Ct);
        var stat = ProcPidStat.TryRead(p.Pid)!;
        Assert.Equal(p.Pid, stat.Session);
        Assert.Equal(p.Pid, stat.ProcessGroup);
        Assert.Equal(Environment.ProcessId, stat.ParentPid);
        Assert.Equal("/dev/null", new FileInfo($"/proc/{p.Pid}/fd/0").LinkTarget);
        Assert.Equal(dir["out.log"], new FileInfo($"/proc/{p.Pid}/fd/2").LinkTarget);
        Assert.Equal($"{p.Pid}\n", File.ReadAllText(dir["qemu.pid"]));
        Assert.True(p.IsChild);
        Assert.True(p.Identity.IsAlive());

        var exit = await p.TerminateAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(ProcessExit.Killed(Signals.SIGTERM), exit);
        Assert.False(p.Identity.IsAlive());
        Assert.False(p.Signal(Signals.SIGTERM));
    }

    [Fact]
    public async Task OutputIsAppendedToTheLogAndTheExitCodeIsReported()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["out.log"], "earlier\n");
        using var p = await ProcessSpawner.SpawnAsync(new SpawnOptions
        {
            Executable = "/bin/sh", Arguments = ["-c", "echo out; echo err >&2; exit 7"], OutputLogPath = dir["out.log"],
        }, Ct);
        Assert.Equal(ProcessExit.Exited(7), await p.Exited.WaitAsync(Ct));
        Assert.Equal("earlier\nout\nerr\n", File.ReadAllText(dir["out.log"]));
    }

    [Fact]
    public async Task InheritedDescriptorsArriveAtTheirNumbersAndNothingElseLeaks()
    {
        using var dir = new TempDir();
        using var three = File.OpenHandle(dir["three"], FileMode.Create, FileAccess.Write);
        using var five = File.OpenHandle(dir["five"], FileMode.Create, FileAccess.Write);
        // A descriptor without close-on-exec, as careless code elsewhere in the process might leave one.
        int leaked = LibC.Fcntl((int)three.DangerousGetHandle(), 0 /* F_DUPFD */, 60);
        Assert.True(leaked >= 60);
        try
        {
            using var p = await ProcessSpawner.SpawnAsync(new SpawnOptions
            {
                Executable = "/bin/sh",
                Arguments = ["-c", "echo five >&5; echo three >&3; ls /proc/self/fd"],
                OutputLogPath = dir["out.log"],
                InheritedFds = new Dictionary<int, System.Runtime.InteropServices.SafeHandle> { [5] = three, [3] = five },
            }, Ct);
            Assert.Equal(ProcessExit.Exited(0), await p.Exited.WaitAsync(Ct));
        }
        finally
        {
            LibC.Close(leaked);
        }
        Assert.Equal("three\n", File.ReadAllText(dir["five"]));  // child fd 3 was our "five" file
        Assert.Equal("five\n", File.ReadAllText(dir["three"]));
        var fds = File.ReadAllLines(dir["out.log"]).Select(int.Parse).ToList();
        Assert.Contains(3, fds);
        Assert.Contains(5, fds);
        Assert.DoesNotContain(leaked, fds);
        Assert.True(fds.Max() <= 6, $"the child had unexpected descriptors: {string.Join(',', fds)}");
    }

    [Fact]
    public async Task RejectsStandardDescriptorNumbers()
    {
        using var f = File.OpenHandle("/dev/null");
        await Assert.ThrowsAsync<ArgumentException>(() => ProcessSpawner.SpawnAsync(new SpawnOptions
        {
            Executable = "true", InheritedFds = new Dictionary<int, System.Runtime.InteropServices.SafeHandle> { [1] = f },
        }, Ct));
    }

    [Fact]
    public async Task MissingExecutableIsAClearError()
    {
        var e = await Assert.ThrowsAsync<PlatformException>(() =>
            ProcessSpawner.SpawnAsync(new SpawnOptions { Executable = "/nonexistent/qemu" }, Ct));
        Assert.Contains("/nonexistent/qemu", e.Message);
        Assert.Equal(Errno.ENOENT, e.Errno);
    }

    [Fact]
    public async Task StartsInsideANetworkNamespace()
    {
        Root.Require();
        using var ns = new TestNetns();
        using var dir = new TempDir();
        using var p = await ProcessSpawner.SpawnAsync(new SpawnOptions
        {
            Executable = "readlink", Arguments = ["/proc/self/ns/net"], OutputLogPath = dir["out.log"], NetworkNamespace = ns.Name,
        }, Ct);
        Assert.Equal(ProcessExit.Exited(0), await p.Exited.WaitAsync(Ct));
        string inode = TestNetns.Run("stat", "-L", "-c", "%i", $"/var/run/netns/{ns.Name}").Trim();
        Assert.Equal($"net:[{inode}]", File.ReadAllText(dir["out.log"]).Trim());
        Assert.NotEqual(new FileInfo("/proc/self/ns/net").LinkTarget, $"net:[{inode}]"); // we stayed where we were
    }

    [Fact]
    public async Task TerminateEscalatesToSigkillWhenSigtermIsIgnored()
    {
        using var dir = new TempDir();
        using var p = await ProcessSpawner.SpawnAsync(new SpawnOptions
        {
            Executable = "/bin/sh", Arguments = ["-c", "trap '' TERM; echo ready; while :; do sleep 1; done"], OutputLogPath = dir["out.log"],
        }, Ct);
        await Poll.UntilAsync(() => File.ReadAllText(dir["out.log"]).Contains("ready"), TimeSpan.FromSeconds(10), "the shell to start", Ct);
        var exit = await p.TerminateAsync(TimeSpan.FromMilliseconds(200), Ct);
        Assert.Equal(ProcessExit.Killed(Signals.SIGKILL), exit);
    }

    [Fact]
    public async Task ReadoptsAProcessThatIsNotOurChild()
    {
        using var dir = new TempDir();
        // The shell starts a detached sleep and exits: the sleep is re-parented away from us, as QEMU
        // is after a daemon restart.
        using (var sh = await ProcessSpawner.SpawnAsync(new SpawnOptions
               {
                   Executable = "/bin/sh", Arguments = ["-c", "sleep 60 </dev/null >/dev/null 2>&1 & echo $!"], OutputLogPath = dir["out.log"],
               }, Ct))
            await sh.Exited.WaitAsync(Ct);
        int pid = int.Parse(File.ReadAllText(dir["out.log"]).Trim());
        var identity = ProcessIdentity.Of(pid)!.Value;

        Assert.Null(WatchedProcess.TryAdopt(identity with { StartTime = identity.StartTime - 1 })); // a "reused" PID
        using var adopted = WatchedProcess.TryAdopt(identity);
        Assert.NotNull(adopted);
        Assert.False(adopted.IsChild);
        Assert.False(adopted.HasExited);
        var exit = await adopted.KillAsync(Ct);
        Assert.False(exit.StatusKnown);
    }
}
