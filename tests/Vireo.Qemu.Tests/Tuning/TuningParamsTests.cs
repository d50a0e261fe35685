using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Numa;
using Vireo.Qemu.Driver.Features.Tuning;
using Vireo.Qemu.Driver.Features.Tuning.Cgroups;

namespace Vireo.Qemu.Tests.Tuning;

/// <summary>The typed parameters of schedinfo, memtune, blkiotune and numatune: parsing, libvirt's ranges and messages, and the definitions they produce.</summary>
public sealed class TuningParamsTests
{
    [Fact]
    public void Scheduler_ParsesEveryField_AndZeroPeriodOrQuotaMeansLeaveAsIs()
    {
        var c = SchedulerChange.Parse(
        [
            TypedParameter.ULLong("cpu_shares", 512), TypedParameter.ULLong("vcpu_period", 50000), TypedParameter.LLong("vcpu_quota", -5),
            TypedParameter.ULLong("emulator_period", 0), TypedParameter.LLong("emulator_quota", 0), TypedParameter.LLong("global_quota", 2000),
        ]);
        Assert.Equal(512UL, c.Shares);
        Assert.Equal(new Bandwidth(50000, -1), c.Vcpu); // any negative quota is "no limit", as -1
        Assert.Equal(new Bandwidth(null, null), c.Emulator);
        Assert.Equal(new Bandwidth(null, 2000), c.Global);
        var tune = c.ApplyTo(new CpuTuneDef { Shares = 100, Period = 100000, EmulatorQuota = 7000 });
        Assert.Equal((512UL, 50000UL, -1L, 7000L, 2000L), (tune.Shares!.Value, tune.Period!.Value, tune.Quota!.Value, tune.EmulatorQuota!.Value, tune.GlobalQuota!.Value));
        Assert.Equal(
            ["cputune.cpu_shares=512", "cputune.vcpu_period=50000", "cputune.vcpu_quota=-1", "cputune.global_quota=2000"],
            c.EventParams().Select(p => $"{p.Field}={p}"));
    }

    [Theory]
    [InlineData("vcpu_period", 999L, "value of 'vcpu_period' is out of range [1000, 1000000]")]
    [InlineData("emulator_period", 1000001L, "value of 'emulator_period' is out of range [1000, 1000000]")]
    [InlineData("global_quota", 999L, "value of 'global_quota' is out of range [1000, 17592186044415]")]
    public void Scheduler_OutOfRange_IsRefusedInLibvirtsWords(string field, long value, string message)
    {
        var p = field.EndsWith("quota", StringComparison.Ordinal) ? TypedParameter.LLong(field, value) : TypedParameter.ULLong(field, (ulong)value);
        var e = Assert.Throws<VirException>(() => SchedulerChange.Parse([p]));
        Assert.Equal(VirErrorCode.InvalidArg, e.Code);
        Assert.Equal(message, e.Detail);
    }

    [Fact]
    public void Scheduler_SharesRangeDependsOnTheCgroupVersion()
    {
        var c = SchedulerChange.Parse([TypedParameter.ULLong("cpu_shares", 20000)]);
        c.CheckShares(Platform.Cgroups.CgroupVersion.V1);
        var e = Assert.Throws<VirException>(() => c.CheckShares(Platform.Cgroups.CgroupVersion.V2));
        Assert.Equal("value of 'cpu_shares' is out of range [1, 10000]", e.Detail);
    }

    [Fact]
    public void Scheduler_UnknownWrongTypedOrRepeatedFields_AreRefused()
    {
        Assert.Contains("unknown scheduler parameter 'cpu_weight'", Assert.Throws<VirException>(() => SchedulerChange.Parse([TypedParameter.ULLong("cpu_weight", 1)])).Detail);
        Assert.Equal("invalid type 'string' for parameter 'cpu_shares', expected 'ullong'",
            Assert.Throws<VirException>(() => SchedulerChange.Parse([TypedParameter.String("cpu_shares", "5")])).Detail);
        Assert.Equal("parameter 'cpu_shares' occurs multiple times",
            Assert.Throws<VirException>(() => SchedulerChange.Parse([TypedParameter.ULLong("cpu_shares", 5), TypedParameter.ULLong("cpu_shares", 6)])).Detail);
    }

    [Fact]
    public void Scheduler_FromADefinition_ReportsZeroForWhatIsNotSet_InVirshsOrder()
    {
        var ps = SchedulerChange.FromDefinition(new CpuTuneDef { Shares = 2048, Quota = 30000, IoThreadPeriod = 50000 });
        Assert.Equal(SchedulerChange.Fields, ps.Select(p => p.Field));
        // libvirtd 9.0 lists the IOThread bandwidth last (iothread_period, iothread_quota).
        Assert.Equal(["cpu_shares", "vcpu_period", "vcpu_quota", "emulator_period", "emulator_quota", "global_period", "global_quota", "iothread_period", "iothread_quota"],
            SchedulerChange.Fields);
        Assert.Equal(["2048", "0", "30000", "0", "0", "0", "0", "50000", "0"], ps.Select(p => p.ToString()));
        var change = SchedulerChange.Parse([TypedParameter.ULLong("iothread_period", 2000), TypedParameter.LLong("iothread_quota", -5)]);
        Assert.Equal(new CpuTuneDef { IoThreadPeriod = 2000, IoThreadQuota = -1 }, change.ApplyTo(null));
        Assert.Equal(["cputune.iothread_period", "cputune.iothread_quota"], change.EventParams().Select(p => p.Field));
        Assert.Equal(TypedParameterType.LLong, ps.Single(p => p.Field == "vcpu_quota").Type);
    }

    [Fact]
    public void MemTune_KiBUnlimitedAndTheHardVersusSwapRule()
    {
        var c = MemTuneChange.Parse([TypedParameter.ULLong("hard_limit", 1024), TypedParameter.ULLong("swap_hard_limit", TuningParams.MemoryUnlimited)]);
        Assert.Equal(new Limit(1024 * 1024), c.Hard);
        Assert.Equal(Limit.Unlimited, c.Swap);
        Assert.Null(c.Soft);
        var def = c.ApplyTo(new MemTuneDef { SwapHardLimit = MemorySize.FromKiB(4096), SoftLimit = MemorySize.FromKiB(512) }, "d");
        Assert.Equal(MemorySize.FromKiB(1024), def.HardLimit);
        Assert.Null(def.SwapHardLimit);
        Assert.Equal(MemorySize.FromKiB(512), def.SoftLimit);

        var tooHigh = MemTuneChange.Parse([TypedParameter.ULLong("hard_limit", 8192)]);
        var e = Assert.Throws<VirException>(() => tooHigh.ApplyTo(new MemTuneDef { SwapHardLimit = MemorySize.FromKiB(4096) }, "web1"));
        Assert.Equal("invalid argument: memory hard_limit tunable value must be lower than or equal to swap_hard_limit", e.Message);
        Assert.Contains("min_guarantee is not supported by the QEMU driver",
            Assert.Throws<VirException>(() => MemTuneChange.Parse([TypedParameter.ULLong("min_guarantee", 1)])).Detail);
        Assert.Equal(["hard_limit=1024", "soft_limit=9007199254740991", "swap_hard_limit=9007199254740991"],
            MemTuneChange.Values(1024 * 1024, null, null).Select(p => $"{p.Field}={p}"));
    }

    [Fact]
    public void Blkio_DeviceListsMergeIntoTheDefinition_AndZeroRemovesASetting()
    {
        var c = BlkioChange.Parse(
        [
            TypedParameter.UInt("weight", 500), TypedParameter.String("device_read_bytes_sec", "/dev/vda,1048576,/dev/vdb,2048"),
            TypedParameter.String("device_weight", "/dev/vda,0"),
        ]);
        var def = c.ApplyTo(new BlkioTuneDef { Devices = [new BlkioDeviceDef { Path = "/dev/vda", Weight = 300 }] });
        Assert.Equal(500U, def.Weight);
        var vda = def.Devices.Single(d => d.Path == "/dev/vda");
        Assert.Null(vda.Weight);
        Assert.Equal(1048576UL, vda.ReadBytesSec);
        Assert.Equal(2048UL, def.Devices.Single(d => d.Path == "/dev/vdb").ReadBytesSec);
        var shown = BlkioChange.FromDefinition(def, 500);
        Assert.Equal("/dev/vda,1048576,/dev/vdb,2048", shown.Single(p => p.Field == "device_read_bytes_sec").Text);
        Assert.Equal("", shown.Single(p => p.Field == "device_weight").Text);

        var cleared = BlkioChange.Parse([TypedParameter.String("device_read_bytes_sec", "/dev/vda,0,/dev/vdb,0")]).ApplyTo(def);
        Assert.Empty(cleared.Devices);
    }

    [Theory]
    [InlineData("weight", 50u, "value of 'weight' is out of range [100, 1000]")]
    public void Blkio_WeightOutOfRange(string field, uint value, string message) =>
        Assert.Equal(message, Assert.Throws<VirException>(() => BlkioChange.Parse([TypedParameter.UInt(field, value)])).Detail);

    [Theory]
    [InlineData("/dev/vda", "parameter 'device_read_iops_sec' must be pairs of a device path and a value ('/dev/sda,500'), got '/dev/vda'")]
    [InlineData("vda,5", "parameter 'device_read_iops_sec' names 'vda', which is not an absolute device path")]
    [InlineData("/dev/vda,lots", "parameter 'device_read_iops_sec' gives 'lots' for /dev/vda, which is not a number")]
    public void Blkio_BadDeviceLists(string text, string message) =>
        Assert.Equal(message, Assert.Throws<VirException>(() => BlkioChange.Parse([TypedParameter.String("device_read_iops_sec", text)])).Detail);

    [Fact]
    public void Numa_ModeAndNodeset()
    {
        var c = NumaChange.Parse([TypedParameter.Int("numa_mode", 2), TypedParameter.String("numa_nodeset", "0-3,^2")]);
        Assert.Equal(NumaMode.Interleave, c.Mode);
        Assert.Equal("0-1,3", c.Nodeset!.ToString());
        var tune = c.ApplyTo(new NumaTuneDef { Memory = new NumaMemoryDef(NumaMode.Strict, null, Placement.Auto) }, "d");
        Assert.Equal(new NumaMemoryDef(NumaMode.Interleave, NodeSet.Parse("0-1,3"), null), tune.Memory);
        Assert.Equal(["numa_mode=2", "numa_nodeset=0-1,3"], NumaChange.FromDefinition(tune).Select(p => $"{p.Field}={p}"));
        Assert.Equal(["numa_mode=0", "numa_nodeset="], NumaChange.FromDefinition(null).Select(p => $"{p.Field}={p}"));
    }

    [Fact]
    public void Numa_BadValues_AreRefused()
    {
        Assert.Equal("invalid nodeset '0-x': '0-x' is not a valid range",
            Assert.Throws<VirException>(() => NumaChange.Parse([TypedParameter.String("numa_nodeset", "0-x")])).Detail);
        Assert.StartsWith("unsupported numatune mode 7",
            Assert.Throws<VirException>(() => NumaChange.Parse([TypedParameter.Int("numa_mode", 7)])).Detail);
        var preferred = NumaChange.Parse([TypedParameter.Int("numa_mode", 1), TypedParameter.String("numa_nodeset", "0-1")]);
        Assert.Equal("cannot set the NUMA tuning of domain 'd': mode 'preferred' takes exactly one node, not 0-1",
            Assert.Throws<VirException>(() => preferred.ApplyTo(null, "d")).Detail);
    }
}
