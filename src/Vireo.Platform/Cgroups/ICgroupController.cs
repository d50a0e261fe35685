namespace Vireo.Platform.Cgroups;

/// <summary>
/// One cgroup (a guest's machine group, or one of its per-thread children "emulator"/"vcpuN") and the
/// resource knobs libvirt exposes, with the v1/v2 differences hidden. Values are written straight to
/// the kernel; a knob whose controller is not available throws <see cref="NotSupportedException"/>
/// with a sentence naming the missing file.
/// </summary>
public interface ICgroupController
{
    CgroupVersion Version { get; }

    /// <summary>Path relative to the hierarchy root, e.g. "machine.vireo/qemu-web1/vcpu0".</summary>
    string RelativePath { get; }

    /// <summary>
    /// Creates (or opens) a child for a subset of threads, like libvirt's "emulator" and "vcpuN".
    /// v1: in the cpu, cpuacct and cpuset hierarchies, cpuset values copied from this group.
    /// v2: a threaded child, with the threaded controllers (cpu, cpuset) enabled for it.
    /// </summary>
    ICgroupController CreateThreadGroup(string name);

    /// <summary>Moves a whole process (all its threads).</summary>
    void AttachProcess(int pid);

    /// <summary>Moves one thread (e.g. a vCPU thread id from query-cpus-fast).</summary>
    void AttachThread(int tid);

    /// <summary>PIDs of the processes in this group (v2 threaded children: thread ids instead).</summary>
    IReadOnlyList<int> Members();

    /// <summary>cpuset.cpus, a cpu list such as "0-3,6". Set it (and the mems) before attaching: an empty cpuset refuses tasks.</summary>
    string CpusetCpus { get; set; }

    /// <summary>cpuset.mems, a NUMA node list such as "0".</summary>
    string CpusetMems { get; set; }

    /// <summary>v1 cpuset.memory_migrate: move pages when mems change. v2 always migrates, so setting it is a no-op there.</summary>
    void SetMemoryMigrate(bool on);

    /// <summary>Relative CPU weight: v1 cpu.shares (2..262144); v2 cpu.weight (1..10000, value clamped), as libvirt does.</summary>
    ulong CpuShares { get; set; }

    /// <summary>CFS bandwidth: period in µs and quota in µs per period (-1 = unlimited).</summary>
    (ulong PeriodUs, long QuotaUs) CpuBandwidth { get; set; }

    /// <summary>Hard memory limit in bytes (null = unlimited): v1 memory.limit_in_bytes, v2 memory.max.</summary>
    long? MemoryLimit { get; set; }

    /// <summary>Soft limit in bytes (null = unlimited): v1 memory.soft_limit_in_bytes, v2 memory.high.</summary>
    long? MemorySoftLimit { get; set; }

    /// <summary>Memory plus swap limit in bytes (null = unlimited): v1 memory.memsw.limit_in_bytes; v2 memory.max + memory.swap.max.</summary>
    long? MemorySwapLimit { get; set; }

    /// <summary>Proportional block I/O weight (10..1000 v1; 1..10000 v2): blkio.weight / blkio.bfq.weight / io.weight / io.bfq.weight.</summary>
    int BlkioWeight { get; set; }

    /// <summary>Total CPU time used by the group's tasks, in nanoseconds.</summary>
    ulong CpuUsageNanoseconds();

    /// <summary>Bytes of memory charged to the group.</summary>
    ulong MemoryUsageBytes();

    /// <summary>Freezes every task and returns once the kernel reports the group frozen.</summary>
    Task FreezeAsync(CancellationToken ct = default);

    /// <summary>Thaws the group and returns once the kernel reports it thawed.</summary>
    Task ThawAsync(CancellationToken ct = default);

    bool IsFrozen { get; }

    /// <summary>Removes the group and its children (children first). Fails if tasks are still inside.</summary>
    Task RemoveAsync(CancellationToken ct = default);
}
