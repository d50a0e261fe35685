using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>The host CPU against other CPUs (virConnectCompareCPU, virConnectBaselineCPU).</summary>
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
}
