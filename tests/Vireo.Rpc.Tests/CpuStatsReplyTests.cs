using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Cgroups;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Server.Procedures;

namespace Vireo.Rpc.Tests;

/// <summary>DOMAIN_GET_CPU_STATS's calling conventions (virDomainGetCPUStats) and the cgroup files it reads.</summary>
public sealed class CpuStatsReplyTests
{
    private static readonly DomainCpuStats Stats = new(900, 600, 300, [100, 200, 300], [10, 20, 30]);

    private static DomainGetCpuStatsRet Call(uint nparams, int start, uint ncpus, DomainCpuStats? stats = null) =>
        CpuStatsProcedures.Reply(new DomainGetCpuStatsArgs(new DomainRef("d", Guid.Empty, 1), nparams, start, ncpus, 4), () => stats ?? Stats, "qemuDomainGetCPUStats", VirErrorDomain.Qemu);

    [Fact]
    public void Counts_totals_and_per_cpu_slices_follow_libvirts_conventions()
    {
        Assert.Equal(3, Call(0, -1, 1).NParams);
        Assert.Equal(["cpu_time=900", "user_time=600", "system_time=300"], Call(3, -1, 1).Params.Select(p => $"{p.Field}={p.AsULong}"));
        Assert.Equal(3, Call(0, 0, 0).NParams); // host CPUs
        Assert.Equal(2, Call(0, 0, 1).NParams); // values per CPU
        var slice = Call(2, 1, 5); // CPUs past the last are left out
        Assert.Equal(2, slice.NParams);
        Assert.Equal(["cpu_time=200", "vcpu_time=20", "cpu_time=300", "vcpu_time=30"], slice.Params.Select(p => $"{p.Field}={p.AsULong}"));
        Assert.Equal(1, Call(0, 0, 1, Stats with { VcpuTimePerCpu = null }).NParams); // a container: cpu_time only
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Equal("start_cpu 3 larger than maximum of 2", Assert.Throws<VirException>(() => Call(2, 3, 1)).Detail);
        Assert.Equal(VirErrorCode.InvalidArg, Assert.Throws<VirException>(() => Call(3, -1, 2)).Code);
        Assert.Equal(VirErrorCode.OperationUnsupported, Assert.Throws<VirException>(() => Call(1, 0, 1, Stats with { CpuTimePerCpu = null })).Code);
    }

    [Fact]
    public void Cgroup_files_parse_into_nanoseconds()
    {
        Assert.Equal([5UL, 7UL], CpuAccounting.ParsePerCpu("5 7 \n"));
        Assert.Equal((70_000_000UL, 20_000_000UL), CpuAccounting.ParseV1Stat("user 7\nsystem 2\n"));
        var v2 = CpuAccounting.ParseV2Stat("usage_usec 5\nuser_usec 3\nsystem_usec 2\nnice_usec 0\n");
        Assert.Equal((5000UL, 3000UL, 2000UL, (IReadOnlyList<ulong>?)null), (v2.UsageNs, v2.UserNs, v2.SystemNs, v2.PerCpuNs));
    }
}
