using Vireo.Platform.Cgroups;
using Vireo.Platform.Processes;

namespace Vireo.Platform.Tests.Cgroups;

public class CgroupLayoutTests
{
    private const string HybridMountinfo = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
        34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        50 31 0:32 /inner /mnt/bind rw,relatime - cgroup cgroup rw,memory
        """;

    [Fact]
    public void HybridPrefersV1AndFindsComountedControllers()
    {
        var layout = CgroupLayout.Parse(HybridMountinfo);
        Assert.Equal(CgroupVersion.V1, layout.PreferredVersion);
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", layout.V1Mounts["cpu"]);
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", layout.V1Mounts["cpuacct"]);
        Assert.Equal("/sys/fs/cgroup/memory", layout.V1Mounts["memory"]); // the bind of a sub-group is ignored
        Assert.False(layout.V1Mounts.ContainsKey("systemd"));
        Assert.Equal("/sys/fs/cgroup/unified", layout.UnifiedMount);
    }

    [Fact]
    public void PureUnifiedIsV2()
    {
        var layout = CgroupLayout.Parse("30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n");
        Assert.Equal(CgroupVersion.V2, layout.PreferredVersion);
        Assert.Equal("/sys/fs/cgroup", layout.UnifiedMount);
        Assert.Empty(layout.V1Mounts);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("tasks")]
    [InlineData("cgroup.procs")]
    public void BadNamesAreRefused(string name) => Assert.Throws<ArgumentException>(() => Vireo.Platform.Cgroups.Cgroups.CheckName(name));
}

/// <summary>Real groups on this host: created under a unique name, a sleep moved in, values read back, removed.</summary>
public class CgroupV1Tests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static CgroupLayout RequireV1()
    {
        Root.Require();
        var layout = CgroupLayout.Detect();
        Assert.SkipUnless(layout.PreferredVersion == CgroupVersion.V1 && layout.V1Mounts.ContainsKey("cpuset"),
            "This host has no cgroup v1 controllers (pure cgroup2); the v2 tests cover it.");
        return layout;
    }

    [Fact]
    public async Task MachineGroupWithPerThreadChildren()
    {
        var layout = RequireV1();
        string top = $"vireo-test-{Guid.NewGuid():N}"[..20];
        var group = Vireo.Platform.Cgroups.Cgroups.Create($"{top}/guest", layout);
        WatchedProcess? sleeper = null;
        try
        {
            Assert.NotEmpty(group.CpusetCpus); // inherited from the parent, so attaching works at once
            group.CpusetMems = "0";
            group.SetMemoryMigrate(true);
            var emulator = group.CreateThreadGroup("emulator");
            var vcpu0 = group.CreateThreadGroup("vcpu0");
            emulator.CpusetCpus = "0";
            vcpu0.CpusetCpus = "0";

            sleeper = await ProcessSpawner.SpawnAsync(new SpawnOptions { Executable = "sleep", Arguments = ["60"], Cgroup = group }, Ct);
            Assert.Contains(sleeper.Pid, group.Members());
            Assert.Contains($"/{top}/guest", File.ReadAllText($"/proc/{sleeper.Pid}/cgroup"));
            emulator.AttachProcess(sleeper.Pid);
            Assert.Contains(sleeper.Pid, emulator.Members());
            vcpu0.AttachThread(sleeper.Pid);
            Assert.Contains(sleeper.Pid, vcpu0.Members());
            Assert.Contains("Cpus_allowed_list:\t0\n", File.ReadAllText($"/proc/{sleeper.Pid}/status"));

            group.CpuShares = 512;
            Assert.Equal(512UL, group.CpuShares);
            vcpu0.CpuBandwidth = (100000, 50000);
            Assert.Equal((100000UL, 50000L), vcpu0.CpuBandwidth);
            vcpu0.CpuBandwidth = (100000, -1);
            Assert.Equal(-1L, vcpu0.CpuBandwidth.QuotaUs);

            group.MemoryLimit = 256L << 20;
            Assert.Equal(256L << 20, group.MemoryLimit);
            group.MemorySoftLimit = 128L << 20;
            Assert.Equal(128L << 20, group.MemorySoftLimit);
            group.MemoryLimit = null;
            Assert.Null(group.MemoryLimit);
            _ = group.MemoryUsageBytes(); // readable (charges made before the move stay with the old group)
            // The spawner moves a child into its group just after the start, so the spinner waits on a FIFO
            // until then: a loop that began at once could finish (and be reaped) before the move.
            string fifo = Path.Combine(Path.GetTempPath(), $"{top}.fifo");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
            {
                await mkfifo.WaitForExitAsync(Ct);
                Assert.Equal(0, mkfifo.ExitCode);
            }
            try
            {
                using var spinner = await ProcessSpawner.SpawnAsync(new SpawnOptions
                {
                    Executable = "/bin/sh", Arguments = ["-c", $"read go < {fifo}; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"], Cgroup = group,
                }, Ct);
                Assert.Contains(spinner.Pid, group.Members());
                await File.WriteAllTextAsync(fifo, "go\n", Ct);
                await spinner.Exited.WaitAsync(Ct);
            }
            finally
            {
                File.Delete(fifo);
            }
            Assert.True(group.CpuUsageNanoseconds() > 0);

            await group.FreezeAsync(Ct);
            Assert.True(group.IsFrozen);
            await group.ThawAsync(Ct);
            Assert.False(group.IsFrozen);

            var busy = await Assert.ThrowsAsync<Native.PlatformException>(() => group.RemoveAsync(Ct));
            Assert.Contains("still in it", busy.Message);
        }
        finally
        {
            if (sleeper != null)
                await sleeper.KillAsync(Ct);
            await Vireo.Platform.Cgroups.Cgroups.Create(top, layout).RemoveAsync(Ct);
        }
        Assert.False(Directory.Exists(Path.Combine(layout.V1Mounts["cpu"], top)));
        Assert.False(Directory.Exists(Path.Combine(layout.V1Mounts["cpuset"], top)));
    }

    [Fact]
    public void EmptyCpusetRefusesTasksWithENOSPC()
    {
        var layout = RequireV1();
        string dir = Path.Combine(layout.V1Mounts["cpuset"], $"vireo-test-{Guid.NewGuid():N}"[..20]);
        Directory.CreateDirectory(dir);
        try
        {
            // A raw mkdir (not through Vireo) leaves cpus/mems empty: the failure our Create avoids.
            var e = Assert.Throws<Native.PlatformException>(() =>
                CgroupFile.Write(Path.Combine(dir, "cgroup.procs"), Environment.ProcessId.ToString()));
            Assert.Equal(Native.Errno.ENOSPC, e.Errno);
            Assert.Contains("No space left on device", e.Message);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    [Fact]
    public async Task BlkioWeightOrAClearRefusal()
    {
        var layout = RequireV1();
        string top = $"vireo-test-{Guid.NewGuid():N}"[..20];
        var group = Vireo.Platform.Cgroups.Cgroups.Create(top, layout);
        try
        {
            string blkio = Path.Combine(layout.V1Mounts["blkio"], top);
            if (!File.Exists(Path.Combine(blkio, "blkio.weight")) && !File.Exists(Path.Combine(blkio, "blkio.bfq.weight")))
            {
                var e = Assert.Throws<NotSupportedException>(() => group.BlkioWeight = 500);
                Assert.Contains("blkio.bfq.weight", e.Message);
                return;
            }
            group.BlkioWeight = 500;
            Assert.Equal(500, group.BlkioWeight);
        }
        finally
        {
            await group.RemoveAsync(Ct);
        }
    }
}
