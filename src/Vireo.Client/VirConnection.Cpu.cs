using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>
/// The host CPU against other CPUs (virConnectCompareCPU, virConnectBaselineCPU), and the CPU the hypervisor provides
/// against them (virConnectCompareHypervisorCPU, virConnectBaselineHypervisorCPU).
/// </summary>
public sealed partial class VirConnection
{
    /// <summary>
    /// libvirt's virCPUCompareResult for a &lt;cpu&gt; against the host's: 1 identical, 2 superset, 0 incompatible
    /// (flags: 1 fail when incompatible, 2 validate the XML).
    /// </summary>
    public async Task<int> CompareCpuAsync(string cpuXml, uint flags = 0, CancellationToken ct = default) =>
        (await Rpc.CallAsync<CompareCpuArgs, IntValue>(RemoteProcedure.ConnectCompareCpu, new CompareCpuArgs(cpuXml, flags), ct).ConfigureAwait(false)).Value;

    /// <summary>The CPU every given &lt;cpu&gt; can run (flags: 1 expand features, 2 migratable only).</summary>
    public async Task<string> BaselineCpuAsync(IReadOnlyList<string> cpuXmls, uint flags = 0, CancellationToken ct = default) =>
        (await Rpc.CallAsync<BaselineCpuArgs, StringValue>(RemoteProcedure.ConnectBaselineCpu, new BaselineCpuArgs([.. cpuXmls], flags), ct).ConfigureAwait(false)).Value;

    /// <summary>
    /// libvirt's virCPUCompareResult for a &lt;cpu&gt; against the CPU the hypervisor can give a guest on the host (for QEMU
    /// under TCG, its 'max' CPU): 1 identical, 2 superset, 0 incompatible (flags as <see cref="CompareCpuAsync"/>). The
    /// emulator, architecture, machine and domain type ("qemu", "kvm") default to the host's.
    /// </summary>
    public async Task<int> CompareHypervisorCpuAsync(string cpuXml, string? emulator = null, string? arch = null, string? machine = null,
        string? virtType = null, uint flags = 0, CancellationToken ct = default) =>
        (await Rpc.CallAsync<CompareHypervisorCpuArgs, IntValue>(RemoteProcedure.ConnectCompareHypervisorCpu,
            new CompareHypervisorCpuArgs(emulator, arch, machine, virtType, cpuXml, flags), ct).ConfigureAwait(false)).Value;

    /// <summary>
    /// The CPU every given &lt;cpu&gt; can run, named with the hypervisor's CPU models and keeping only features it knows
    /// (flags as <see cref="BaselineCpuAsync"/>); the emulator, architecture, machine and domain type default to the host's.
    /// </summary>
    public async Task<string> BaselineHypervisorCpuAsync(IReadOnlyList<string> cpuXmls, string? emulator = null, string? arch = null,
        string? machine = null, string? virtType = null, uint flags = 0, CancellationToken ct = default) =>
        (await Rpc.CallAsync<BaselineHypervisorCpuArgs, StringValue>(RemoteProcedure.ConnectBaselineHypervisorCpu,
            new BaselineHypervisorCpuArgs(emulator, arch, machine, virtType, [.. cpuXmls], flags), ct).ConfigureAwait(false)).Value;
}
