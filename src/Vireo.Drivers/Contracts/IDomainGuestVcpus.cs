namespace Vireo.Drivers.Contracts;

/// <summary>
/// The vCPUs as the guest's own OS sees them, asked of and changed through its agent (qemu-guest-agent's
/// guest-get-vcpus / guest-set-vcpus): virsh guestvcpus, setvcpus --guest and vcpucount --guest. Taking a
/// vCPU offline here leaves it plugged in the hypervisor (that is <see cref="IDomainVcpus"/>); bringing a
/// hot-plugged one online is how a guest that leaves new CPUs offline starts using them. A driver without a
/// guest agent leaves the feature out (answered "not supported").
/// </summary>
public interface IDomainGuestVcpus
{
    /// <summary>DOMAIN_GET_GUEST_VCPUS: the guest's logical CPUs, those online and those it can take offline. No flags are defined.</summary>
    ValueTask<GuestVcpuState> GetAsync(Guid uuid, uint flags, CancellationToken ct);

    /// <summary>
    /// DOMAIN_SET_GUEST_VCPUS: brings the CPUs of <paramref name="cpuList"/> (libvirt's bitmap syntax, e.g.
    /// "1-2") online (state 1) or offline (state 0). No flags are defined.
    /// </summary>
    ValueTask SetAsync(Guid uuid, string cpuList, int state, uint flags, CancellationToken ct);

    /// <summary>
    /// DOMAIN_GET_VCPUS_FLAGS with <see cref="VcpuModFlags.Guest"/>: how many CPUs the guest has online, or
    /// with <see cref="VcpuModFlags.Maximum"/> how many it knows.
    /// </summary>
    ValueTask<int> CountAsync(Guid uuid, VcpuModFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_SET_VCPUS_FLAGS with <see cref="VcpuModFlags.Guest"/>: onlines or offlines CPUs until <paramref name="count"/> are online.</summary>
    ValueTask SetCountAsync(Guid uuid, uint count, VcpuModFlags flags, CancellationToken ct);
}

/// <summary>virDomainGetGuestVcpus' answer: the ids of the guest's logical CPUs, of those online, and of those it can take offline.</summary>
public sealed record GuestVcpuState(IReadOnlyList<int> Vcpus, IReadOnlyList<int> Online, IReadOnlyList<int> Offlinable);
