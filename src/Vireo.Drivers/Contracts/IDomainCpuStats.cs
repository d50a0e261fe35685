namespace Vireo.Drivers.Contracts;

/// <summary>
/// A running domain's CPU time from its cgroup, in nanoseconds (virsh cpu-stats): in all, in user and kernel
/// mode, and per host CPU: the whole domain's time (<see cref="CpuTimePerCpu"/>) and its vCPU threads' share
/// (<see cref="VcpuTimePerCpu"/>, null for a driver without vCPU threads, e.g. containers).
/// </summary>
public sealed record DomainCpuStats(ulong CpuTime, ulong UserTime, ulong SystemTime,
    IReadOnlyList<ulong>? CpuTimePerCpu, IReadOnlyList<ulong>? VcpuTimePerCpu);

/// <summary>DOMAIN_GET_CPU_STATS (virsh cpu-stats): a read that takes no job.</summary>
public interface IDomainCpuStats
{
    /// <summary>The counters now; the per-CPU lists are null where the host's cgroups keep no per-CPU time (cgroup v2).</summary>
    DomainCpuStats CpuStats(Guid uuid);
}
