using Vireo.Core.Params;

namespace Vireo.Drivers.Contracts;

/// <summary>
/// Resource tuning of a domain through libvirt's typed-parameter calls: setmem, schedinfo, memtune and
/// blkiotune. Hypervisor-neutral: the QEMU driver applies these to a VM's cgroup, the container driver
/// to the container's. Parameter names, types and units are libvirt's (see <see cref="TuningParams"/>),
/// so the RPC layer passes lists through unchanged and virsh prints them as it does against libvirtd.
/// A change with <see cref="ModifyFlags.Live"/> is applied to the running domain at once and its
/// effect is visible in the cgroup; <see cref="ModifyFlags.Config"/> changes the saved definition.
/// Reads never wait for a domain job.
/// </summary>
public interface IDomainTuning
{
    /// <summary>DOMAIN_SET_MEMORY_FLAGS: memory in KiB; flags may include <see cref="MemoryModFlags.Maximum"/>.</summary>
    ValueTask SetMemoryAsync(Guid uuid, ulong kib, MemoryModFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_GET_SCHEDULER_TYPE: the scheduler name ("posix") and how many parameters it has.</summary>
    (string Type, int ParamCount) SchedulerType(Guid uuid);

    /// <summary>DOMAIN_GET_SCHEDULER_PARAMETERS_FLAGS: cpu_shares, vcpu_period, vcpu_quota, ...</summary>
    ValueTask<IReadOnlyList<TypedParameter>> GetSchedulerParametersAsync(Guid uuid, ModifyFlags flags, CancellationToken ct);

    ValueTask SetSchedulerParametersAsync(Guid uuid, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_GET_MEMORY_PARAMETERS: hard_limit, soft_limit, swap_hard_limit (KiB; unlimited = <see cref="TuningParams.MemoryUnlimited"/>).</summary>
    ValueTask<IReadOnlyList<TypedParameter>> GetMemoryParametersAsync(Guid uuid, ModifyFlags flags, CancellationToken ct);

    ValueTask SetMemoryParametersAsync(Guid uuid, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_GET_BLKIO_PARAMETERS: weight, device_weight, device_read_bytes_sec, ...</summary>
    ValueTask<IReadOnlyList<TypedParameter>> GetBlkioParametersAsync(Guid uuid, ModifyFlags flags, CancellationToken ct);

    ValueTask SetBlkioParametersAsync(Guid uuid, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct);
}

/// <summary>virDomainMemoryModFlags: ModifyFlags plus "change the maximum, not the current size".</summary>
[Flags]
public enum MemoryModFlags : uint { Current = 0, Live = 1, Config = 2, Maximum = 4 }

/// <summary>libvirt's typed-parameter field names for the tuning calls (VIR_DOMAIN_SCHEDULER_*, VIR_DOMAIN_MEMORY_*, VIR_DOMAIN_BLKIO_*).</summary>
public static class TuningParams
{
    public const string CpuShares = "cpu_shares";
    public const string VcpuPeriod = "vcpu_period";
    public const string VcpuQuota = "vcpu_quota";
    public const string EmulatorPeriod = "emulator_period";
    public const string EmulatorQuota = "emulator_quota";
    public const string GlobalPeriod = "global_period";
    public const string GlobalQuota = "global_quota";
    public const string IoThreadPeriod = "iothread_period";
    public const string IoThreadQuota = "iothread_quota";

    public const string HardLimit = "hard_limit";
    public const string SoftLimit = "soft_limit";
    public const string SwapHardLimit = "swap_hard_limit";
    public const string MinGuarantee = "min_guarantee";

    /// <summary>VIR_DOMAIN_MEMORY_PARAM_UNLIMITED: the KiB value that means "no limit" (2^53 - 1).</summary>
    public const ulong MemoryUnlimited = 9007199254740991UL;

    public const string Weight = "weight";
    public const string DeviceWeight = "device_weight";
    public const string DeviceReadIops = "device_read_iops_sec";
    public const string DeviceWriteIops = "device_write_iops_sec";
    public const string DeviceReadBytes = "device_read_bytes_sec";
    public const string DeviceWriteBytes = "device_write_bytes_sec";
}
