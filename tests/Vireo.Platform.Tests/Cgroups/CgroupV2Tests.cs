using Vireo.Platform.Cgroups;
using Vireo.Platform.Processes;

namespace Vireo.Platform.Tests.Cgroups;

/// <summary>
/// The unified hierarchy. On the dev host it is the hybrid /sys/fs/cgroup/unified with no resource
/// controllers, so the core features (groups, threaded children, attach, freeze, cpu.stat) are tested
/// for real and the resource knobs are checked to refuse clearly; on a pure-v2 host they are exercised.
/// </summary>
public class CgroupV2Tests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GroupThreadedChildAttachFreezeRemove()
    {
        Root.Require();
        var layout = CgroupLayout.Detect();
        Assert.SkipWhen(layout.UnifiedMount == null, "No cgroup2 hierarchy is mounted on this host.");
        string top = $"vireo-test-{Guid.NewGuid():N}"[..20];
        var v2Only = layout with { V1Mounts = new Dictionary<string, string>() };
        var group = Vireo.Platform.Cgroups.Cgroups.Create($"{top}/guest", v2Only);
        Assert.Equal(CgroupVersion.V2, group.Version);
        WatchedProcess? sleeper = null;
        try
        {
            var vcpu0 = group.CreateThreadGroup("vcpu0");
            Assert.Equal("threaded", File.ReadAllText(Path.Combine(layout.UnifiedMount!, top, "guest", "vcpu0", "cgroup.type")).Trim());

            sleeper = await ProcessSpawner.SpawnAsync(new SpawnOptions { Executable = "sleep", Arguments = ["60"], Cgroup = group }, Ct);
            Assert.Contains(sleeper.Pid, group.Members());
            vcpu0.AttachThread(sleeper.Pid);
            Assert.Contains(sleeper.Pid, vcpu0.Members());

            await group.FreezeAsync(Ct);
            Assert.True(group.IsFrozen);
            await group.ThawAsync(Ct);
            Assert.False(group.IsFrozen);
            _ = group.CpuUsageNanoseconds(); // core accounting, present without the cpu controller

            bool hasCpu = File.ReadAllText(Path.Combine(layout.UnifiedMount!, "cgroup.controllers")).Split(' ').Contains("cpu");
            if (hasCpu)
            {
                group.CpuBandwidth = (100000, 20000);
                Assert.Equal((100000UL, 20000L), group.CpuBandwidth);
                group.CpuShares = 300;
                Assert.Equal(300UL, group.CpuShares);
            }
            else
            {
                var e = Assert.Throws<NotSupportedException>(() => group.CpuBandwidth = (100000, 20000));
                Assert.Contains("cpu.max", e.Message);
            }
        }
        finally
        {
            if (sleeper != null)
                await sleeper.KillAsync(Ct);
            await Vireo.Platform.Cgroups.Cgroups.Create(top, v2Only).RemoveAsync(Ct);
        }
        Assert.False(Directory.Exists(Path.Combine(layout.UnifiedMount!, top)));
    }
}
