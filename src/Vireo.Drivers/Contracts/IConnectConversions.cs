namespace Vireo.Drivers.Contracts;

/// <summary>
/// virsh domxml-to-native (CONNECT_DOMAIN_XML_TO_NATIVE): the hypervisor's own configuration for a domain
/// XML, here QEMU's command line ("qemu-argv"). Nothing is started or created.
/// </summary>
public interface IDomainXmlToNative
{
    ValueTask<string> XmlToNativeAsync(string format, string domainXml, uint flags, CancellationToken ct);
}

/// <summary>
/// virsh domxml-from-native (CONNECT_DOMAIN_XML_FROM_NATIVE). libvirt 9.0's QEMU driver no longer has it
/// (answered "not supported"), so no Vireo driver offers it yet; the contract is where one would.
/// </summary>
public interface IDomainXmlFromNative
{
    ValueTask<string> XmlFromNativeAsync(string format, string nativeConfig, uint flags, CancellationToken ct);
}

/// <summary>virsh cpu-models (CONNECT_GET_CPU_MODEL_NAMES): the CPU model names usable for an architecture.</summary>
public interface IHostCpuModels
{
    /// <summary>The names, in libvirt's order; empty when the architecture accepts any model.</summary>
    IReadOnlyList<string> CpuModelNames(string arch, uint flags);
}

/// <summary>
/// virsh cpu-compare and cpu-baseline (CONNECT_COMPARE_CPU, CONNECT_BASELINE_CPU): a CPU description against the
/// host's CPU, and the CPU several hosts have in common. Nothing on the host changes.
/// </summary>
public interface IHostCpuComparison
{
    /// <summary>0 incompatible, 1 identical, 2 the host is a superset (libvirt's virCPUCompareResult).</summary>
    int CompareCpu(string xml, uint flags);

    /// <summary>The baseline &lt;cpu&gt; of the given host CPUs, formatted as libvirtd formats it.</summary>
    string BaselineCpu(IReadOnlyList<string> xmlCpus, uint flags);
}

/// <summary>
/// The emulator, architecture, machine and domain type a hypervisor-cpu-* call names (each null: the default one).
/// </summary>
public sealed record HypervisorCpuTarget(string? Emulator, string? Arch, string? Machine, string? VirtType);

/// <summary>
/// virsh hypervisor-cpu-compare and hypervisor-cpu-baseline (CONNECT_COMPARE_HYPERVISOR_CPU,
/// CONNECT_BASELINE_HYPERVISOR_CPU): a CPU description against the CPU the hypervisor can give a guest on this host
/// (rather than the host's own CPU), and the CPU several CPUs have in common, named with the models the hypervisor
/// has. Nothing on the host changes; the emulator named may be probed.
/// </summary>
public interface IHypervisorCpu
{
    /// <summary>0 incompatible, 1 identical, 2 the hypervisor's CPU is a superset (libvirt's virCPUCompareResult).</summary>
    Task<int> CompareHypervisorCpuAsync(HypervisorCpuTarget target, string xml, uint flags, CancellationToken ct);

    /// <summary>The baseline &lt;cpu&gt; of the given CPUs for the hypervisor, formatted as libvirtd formats it.</summary>
    Task<string> BaselineHypervisorCpuAsync(HypervisorCpuTarget target, IReadOnlyList<string> xmlCpus, uint flags, CancellationToken ct);
}
