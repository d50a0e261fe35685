using System.Diagnostics;
using System.Globalization;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Tests.Capabilities;

/// <summary>A probe whose owner died is reaped by the next probe; a live owner's probe and unrelated processes are left alone.</summary>
public sealed class OrphanedProbesTests : IDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("vireo-orphans-").FullName;
    private readonly List<Process> _started = [];

    [Fact]
    public void The_process_of_a_dead_owners_probe_is_killed_and_its_directory_removed_while_a_live_owners_stays()
    {
        var deadOwner = ExitedPid();
        var orphanDir = ProbeDir(ownerPid: deadOwner, out var orphan);
        var liveDir = ProbeDir(ownerPid: Environment.ProcessId, out var live);
        var reusedDir = Path.Combine(_parent, OrphanedProbes.DirectoryPrefix + "reused");
        Directory.CreateDirectory(reusedDir);
        File.WriteAllText(Path.Combine(reusedDir, "owner.pid"), deadOwner.ToString(CultureInfo.InvariantCulture));
        var unrelated = Start("sleep 60"); // its pid is recorded, but it does not run on that directory
        File.WriteAllText(Path.Combine(reusedDir, "qemu.pid"), unrelated.Id.ToString(CultureInfo.InvariantCulture));

        var reaped = OrphanedProbes.Reap(_parent);

        Assert.Equal(1, reaped);
        Assert.True(orphan.WaitForExit(TimeSpan.FromSeconds(10)), "the orphaned probe process is still running");
        Assert.False(Directory.Exists(orphanDir));
        Assert.False(live.HasExited);
        Assert.True(Directory.Exists(liveDir));
        Assert.False(unrelated.HasExited);
        Assert.False(Directory.Exists(reusedDir));
    }

    /// <summary>A probe directory owned by <paramref name="ownerPid"/> with a process whose command line names it, as QEMU's -qmp does.</summary>
    private string ProbeDir(int ownerPid, out Process process)
    {
        var dir = Path.Combine(_parent, OrphanedProbes.DirectoryPrefix + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "owner.pid"), ownerPid.ToString(CultureInfo.InvariantCulture));
        process = Start($"sleep 60; : {dir}/qmp.sock");
        File.WriteAllText(Path.Combine(dir, "qemu.pid"), process.Id.ToString(CultureInfo.InvariantCulture));
        return dir;
    }

    private Process Start(string script)
    {
        var p = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", script } })!;
        _started.Add(p);
        return p;
    }

    private static int ExitedPid()
    {
        using var p = Process.Start(new ProcessStartInfo("/bin/true"))!;
        p.WaitForExit();
        return p.Id;
    }

    public void Dispose()
    {
        foreach (var p in _started)
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.Dispose();
        }
        Directory.Delete(_parent, recursive: true);
    }
}
