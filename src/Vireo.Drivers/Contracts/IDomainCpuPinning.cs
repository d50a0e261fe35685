namespace Vireo.Drivers.Contracts;

/// <summary>
/// Pinning of a domain's threads to host CPUs (virsh vcpupin, emulatorpin). A CPU map has one flag per
/// host CPU (index = CPU number). A live change moves the threads at once (their cgroup's cpuset.cpus
/// and their affinity) and publishes a TUNABLE event (cputune.vcpupinN, cputune.emulatorpin);
/// <see cref="ModifyFlags.Config"/> changes the saved &lt;cputune&gt;. The vCPU side of the reads is
/// <see cref="IDomainQueries.VcpuPinInfo"/>.
/// </summary>
public interface IDomainCpuPinning
{
    /// <summary>DOMAIN_PIN_VCPU(_FLAGS).</summary>
    ValueTask PinVcpuAsync(Guid uuid, int vcpu, IReadOnlyList<bool> cpuMap, ModifyFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_PIN_EMULATOR: the threads that are not vCPUs (I/O, main loop).</summary>
    ValueTask PinEmulatorAsync(Guid uuid, IReadOnlyList<bool> cpuMap, ModifyFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_GET_EMULATOR_PIN_INFO: one flag per host CPU the emulator threads may run on.</summary>
    IReadOnlyList<bool> EmulatorPinInfo(Guid uuid, ModifyFlags flags);
}
