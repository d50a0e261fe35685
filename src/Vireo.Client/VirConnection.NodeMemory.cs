using Vireo.Core.Params;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>
/// The host's memory, power and conversion calls: node-memory-tune (KSM), freepages / allocpages,
/// nodesuspend, domxml-to-native / domxml-from-native and cpu-models.
/// </summary>
public sealed partial class VirConnection
{
    /// <summary>virNodeGetMemoryParameters, asked twice as virsh asks it (nparams 0 for the count, then the list).</summary>
    public async Task<IReadOnlyList<TypedParameter>> GetNodeMemoryParametersAsync(CancellationToken ct = default)
    {
        var count = await Rpc.CallAsync<NodeGetMemoryParametersArgs, NodeMemoryParametersRet>(RemoteProcedure.NodeGetMemoryParameters, new NodeGetMemoryParametersArgs(0, 0), ct).ConfigureAwait(false);
        if (count.NParams == 0) return [];
        return (await Rpc.CallAsync<NodeGetMemoryParametersArgs, NodeMemoryParametersRet>(RemoteProcedure.NodeGetMemoryParameters, new NodeGetMemoryParametersArgs(count.NParams, 0), ct)
            .ConfigureAwait(false)).Params;
    }

    /// <summary>virNodeSetMemoryParameters: shm_pages_to_scan, shm_sleep_millisecs, shm_merge_across_nodes (UINT).</summary>
    public Task SetNodeMemoryParametersAsync(IReadOnlyList<TypedParameter> parameters, CancellationToken ct = default) =>
        Rpc.CallVoidAsync(RemoteProcedure.NodeSetMemoryParameters, new NodeSetMemoryParametersArgs(parameters, 0), ct);

    /// <summary>virNodeGetFreePages: free pages cell by cell from startCell (-1: the whole host), each cell listing the sizes (KiB) in order.</summary>
    public async Task<IReadOnlyList<ulong>> GetFreePagesAsync(IReadOnlyList<uint> pageSizesKiB, int startCell, uint cellCount, CancellationToken ct = default) =>
        (await Rpc.CallAsync<NodeGetFreePagesArgs, NodeGetFreePagesRet>(RemoteProcedure.NodeGetFreePages, new NodeGetFreePagesArgs([.. pageSizesKiB], startCell, cellCount, 0), ct)
            .ConfigureAwait(false)).Counts;

    /// <summary>virNodeAllocPages: adds pageCounts to the pools, or sets them with <paramref name="set"/>; returns how many pools were handled.</summary>
    public async Task<int> AllocPagesAsync(IReadOnlyList<uint> pageSizesKiB, IReadOnlyList<ulong> pageCounts, int startCell, uint cellCount, bool set, CancellationToken ct = default) =>
        (await Rpc.CallAsync<NodeAllocPagesArgs, IntValue>(RemoteProcedure.NodeAllocPages,
            new NodeAllocPagesArgs([.. pageSizesKiB], [.. pageCounts], startCell, cellCount, set ? 1u : 0u), ct).ConfigureAwait(false)).Value;

    /// <summary>virNodeSuspendForDuration: target 0 mem, 1 disk, 2 hybrid; duration in seconds.</summary>
    public Task SuspendNodeForDurationAsync(uint target, ulong durationSeconds, CancellationToken ct = default) =>
        Rpc.CallVoidAsync(RemoteProcedure.NodeSuspendForDuration, new NodeSuspendForDurationArgs(target, durationSeconds, 0), ct);

    /// <summary>virConnectDomainXMLToNative: e.g. format "qemu-argv" gives QEMU's command line on one line.</summary>
    public async Task<string> DomainXmlToNativeAsync(string format, string domainXml, CancellationToken ct = default) =>
        (await Rpc.CallAsync<DomainXmlNativeArgs, StringValue>(RemoteProcedure.ConnectDomainXmlToNative, new DomainXmlNativeArgs(format, domainXml, 0), ct).ConfigureAwait(false)).Value;

    /// <summary>virConnectDomainXMLFromNative (libvirt 9.0's QEMU driver does not offer it).</summary>
    public async Task<string> DomainXmlFromNativeAsync(string format, string nativeConfig, CancellationToken ct = default) =>
        (await Rpc.CallAsync<DomainXmlNativeArgs, StringValue>(RemoteProcedure.ConnectDomainXmlFromNative, new DomainXmlNativeArgs(format, nativeConfig, 0), ct).ConfigureAwait(false)).Value;

    /// <summary>virConnectGetCPUModelNames: the names for an architecture; empty when any model is accepted.</summary>
    public async Task<IReadOnlyList<string>> GetCpuModelNamesAsync(string arch, CancellationToken ct = default) =>
        (await Rpc.CallAsync<CpuModelNamesArgs, CpuModelNamesRet>(RemoteProcedure.ConnectGetCpuModelNames, new CpuModelNamesArgs(arch, 1, 0), ct).ConfigureAwait(false)).Models;
}
