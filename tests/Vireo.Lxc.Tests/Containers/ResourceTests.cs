using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Lxc.Tests.Support;
using Vireo.Platform.Cgroups;

namespace Vireo.Lxc.Tests.Containers;

/// <summary>cgroup limits are enforced, and changes to a running container's limits land in its cgroup files.</summary>
public class ResourceTests(RootfsFixture rootfs)
{
    private const string Sleeper = "exec sleep 100000";

    [Fact]
    public async Task AnAllocationBeyondTheHardLimitIsKilled()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "oom-" + bed.Suffix;
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", Sleeper], memoryMiB: 64,
            extra: "<memtune><hard_limit unit='MiB'>32</hard_limit></memtune>"));
        Assert.Equal((32L * 1024 * 1024).ToString(), CgroupValue(bed, name, "memory", "memory.limit_in_bytes", "memory.max"));

        // dd's 16 MiB buffer fits; a 96 MiB one cannot, and the kernel's OOM killer ends dd (SIGKILL: 137).
        var small = await bed.ExecAsync(dom.Uuid, "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=16M", "count=1");
        Assert.Equal(0, small.ExitCode);
        var big = await bed.ExecAsync(dom.Uuid, "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=96M", "count=1");
        Assert.Equal(137, big.ExitCode);
        // The container itself survives its process being killed.
        Assert.Equal(Core.State.DomainState.Running, bed.Driver.Domains.State(dom.Uuid).State);
    }

    [Fact]
    public async Task LiveChangesOfMemorySchedulerAndBlockLimitsReachTheCgroup()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "tune-" + bed.Suffix;
        var dom = await bed.DefineAndStartAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", Sleeper], memoryMiB: 128));
        var ct = CancellationToken.None;
        var v1 = bed.Options.CgroupLayout.PreferredVersion == CgroupVersion.V1;

        await bed.Tuning.SetMemoryAsync(dom.Uuid, 48 * 1024, MemoryModFlags.Live, ct);
        Assert.Equal((48L << 20).ToString(), CgroupValue(bed, name, "memory", "memory.limit_in_bytes", "memory.max"));

        await bed.Tuning.SetSchedulerParametersAsync(dom.Uuid, [TypedParameter.ULLong(TuningParams.CpuShares, 512), TypedParameter.LLong(TuningParams.VcpuQuota, 50000)], ModifyFlags.Live, ct);
        if (v1)
        {
            Assert.Equal("512", CgroupValue(bed, name, "cpu", "cpu.shares", ""));
            Assert.Equal("50000", CgroupValue(bed, name, "cpu", "cpu.cfs_quota_us", ""));
        }
        else Assert.StartsWith("50000 ", CgroupValue(bed, name, "cpu", "", "cpu.max"));
        var sched = await bed.Tuning.GetSchedulerParametersAsync(dom.Uuid, ModifyFlags.Live, ct);
        Assert.Equal(50000, sched.Single(p => p.Field == TuningParams.VcpuQuota).Integer);

        await bed.Tuning.SetMemoryParametersAsync(dom.Uuid, [TypedParameter.ULLong(TuningParams.SoftLimit, 16 * 1024)], ModifyFlags.Live, ct);
        Assert.Equal((16L << 20).ToString(), CgroupValue(bed, name, "memory", "memory.soft_limit_in_bytes", "memory.high"));
        var mem = await bed.Tuning.GetMemoryParametersAsync(dom.Uuid, ModifyFlags.Live, ct);
        Assert.Equal(16UL * 1024, mem.Single(p => p.Field == TuningParams.SoftLimit).AsULong);

        var disk = HostDisk();
        var devNumber = File.ReadAllText($"/sys/class/block/{Path.GetFileName(disk)}/dev").Trim();
        await bed.Tuning.SetBlkioParametersAsync(dom.Uuid, [TypedParameter.String(TuningParams.DeviceReadBytes, $"{disk},1048576")], ModifyFlags.Live, ct);
        var throttle = v1 ? CgroupValue(bed, name, "blkio", "blkio.throttle.read_bps_device", "") : CgroupValue(bed, name, "blkio", "", "io.max");
        Assert.Contains(v1 ? $"{devNumber} 1048576" : $"{devNumber} rbps=1048576", throttle);
        var blkio = await bed.Tuning.GetBlkioParametersAsync(dom.Uuid, ModifyFlags.Live, ct);
        Assert.Equal($"{disk},1048576", blkio.Single(p => p.Field == TuningParams.DeviceReadBytes).Text);

        // A proportional weight needs a weight-capable I/O scheduler; without one the refusal says so.
        var weightFile = new[] { "blkio.weight", "blkio.bfq.weight", "io.weight", "io.bfq.weight" }
            .Select(f => Path.Combine(bed.CgroupDir(name, "blkio"), f)).FirstOrDefault(File.Exists);
        var setWeight = () => bed.Tuning.SetBlkioParametersAsync(dom.Uuid, [TypedParameter.UInt(TuningParams.Weight, 300)], ModifyFlags.Live, ct).AsTask();
        if (weightFile is null)
        {
            var e = await Assert.ThrowsAsync<VirException>(setWeight);
            Assert.Equal(VirErrorCode.OperationUnsupported, e.Code);
            Assert.Contains("block I/O weight", e.Message);
        }
        else
        {
            await setWeight();
            Assert.EndsWith("300", File.ReadAllText(weightFile).Trim());
        }
    }

    [Fact]
    public async Task AConfigChangeIsSavedAndAppliedAtTheNextStart()
    {
        await using var bed = new ContainerBed(rootfs);
        await bed.InitializeAsync();
        var name = "cfg-" + bed.Suffix;
        var dom = await bed.Driver.Lifecycle.DefineAsync(ContainerBed.Xml(name, bed.NewRootfs(), args: ["-c", Sleeper]), DefineFlags.None, CancellationToken.None);
        await bed.Tuning.SetMemoryParametersAsync(dom.Uuid, [TypedParameter.ULLong(TuningParams.HardLimit, 40 * 1024)], ModifyFlags.Config, CancellationToken.None);
        Assert.Contains("<hard_limit unit='KiB'>40960</hard_limit>", bed.Driver.Domains.Xml(dom.Uuid, XmlFlags.Inactive));
        Assert.Contains("40960", File.ReadAllText(Path.Combine(bed.Layout.DomainStateDir("lxc", name), "config.xml")));
        await bed.DefineAndStartAsync(bed.Driver.Domains.Xml(dom.Uuid, XmlFlags.Inactive));
        Assert.Equal((40L << 20).ToString(), CgroupValue(bed, name, "memory", "memory.limit_in_bytes", "memory.max"));
    }

    /// <summary>Reads the v1 file (in that controller's hierarchy) or the v2 file of the container's group.</summary>
    private static string CgroupValue(ContainerBed bed, string name, string controller, string v1File, string v2File)
    {
        var v1 = bed.Options.CgroupLayout.PreferredVersion == CgroupVersion.V1;
        return File.ReadAllText(Path.Combine(bed.CgroupDir(name, controller), v1 ? v1File : v2File)).Trim();
    }

    /// <summary>A whole disk of this host (virtio "vda" here), for a throttle rule.</summary>
    private static string HostDisk() =>
        "/dev/" + Directory.EnumerateDirectories("/sys/block").Select(Path.GetFileName)
            .First(n => n is not null && !n.StartsWith("loop") && !n.StartsWith("ram") && File.Exists($"/dev/{n}"));
}
