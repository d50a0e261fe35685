namespace Vireo.Drivers.Contracts;

/// <summary>
/// virsh setvcpus: DOMAIN_SET_VCPUS (the running guest) and DOMAIN_SET_VCPUS_FLAGS. The count of the saved
/// definition (&lt;vcpu current='N'&gt;MAX&lt;/vcpu&gt;) changes with <see cref="VcpuModFlags.Config"/>, its
/// maximum with <see cref="VcpuModFlags.Maximum"/> as well. Reading the counts is
/// <see cref="IDomainQueries.VcpuCount"/>. <see cref="VcpuModFlags.Guest"/> (the guest's agent) is
/// <see cref="IDomainGuestVcpus"/>.
/// </summary>
public interface IDomainVcpus
{
    ValueTask SetVcpusAsync(Guid uuid, uint count, VcpuModFlags flags, CancellationToken ct);

    /// <summary>
    /// DOMAIN_SET_VCPU (virsh setvcpu): enables (state 1) or disables (state 0) the vCPUs of
    /// <paramref name="cpuList"/> (libvirt's bitmap syntax) by id, in the running guest (one hot-plug) and/or
    /// the saved &lt;vcpus&gt;.
    /// </summary>
    ValueTask SetVcpuAsync(Guid uuid, string cpuList, int state, ModifyFlags flags, CancellationToken ct) =>
        throw Core.Errors.VirErrors.NoSupport("virDomainSetVcpu");
}

/// <summary>virDomainVcpuFlags: the modification impact plus what the count means.</summary>
[Flags]
public enum VcpuModFlags : uint
{
    Current = 0,
    Live = 1,
    Config = 2,
    /// <summary>VIR_DOMAIN_VCPU_MAXIMUM: the maximum, not the number online.</summary>
    Maximum = 4,
    /// <summary>VIR_DOMAIN_VCPU_GUEST: ask the guest agent to online/offline vCPUs.</summary>
    Guest = 8,
    /// <summary>VIR_DOMAIN_VCPU_HOTPLUGGABLE: make added vCPUs hot(un)pluggable.</summary>
    Hotpluggable = 16,
}
