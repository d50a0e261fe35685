using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// The host's memory and power calls: node-memory-tune (KSM), freepages / allocpages (huge page pools)
/// and nodesuspend, over the driver's <see cref="INodeMemoryTuning"/>, <see cref="INodeHugePages"/> and
/// <see cref="INodeSuspend"/>. Changes are refused on the read-only socket, as libvirtd refuses them.
/// </summary>
public static class HostNodeMemoryProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.RegisterSync(RemoteProcedure.NodeGetMemoryParameters, static (CallContext c, NodeGetMemoryParametersArgs a) =>
        {
            var all = c.Feature<INodeMemoryTuning>("virNodeGetMemoryParameters").GetMemoryParameters(a.Flags);
            if (a.NParams == 0) return new NodeMemoryParametersRet([], all.Count);
            var sent = all.Take(Math.Max(0, a.NParams)).ToArray();
            return new NodeMemoryParametersRet(sent, sent.Length);
        });
        d.RegisterSync(RemoteProcedure.NodeSetMemoryParameters, static (CallContext c, NodeSetMemoryParametersArgs a) =>
        {
            c.Feature<INodeMemoryTuning>("virNodeSetMemoryParameters").SetMemoryParameters(a.Params, a.Flags);
            return default(VoidRecord);
        }, ProcedureOptions.Write(api: "virNodeSetMemoryParameters"));

        d.RegisterSync(RemoteProcedure.NodeGetFreePages, static (CallContext c, NodeGetFreePagesArgs a) =>
        {
            // remoteDispatchNodeGetFreePages refuses a reply that could not be sent before asking the driver.
            if ((ulong)a.Pages.Length * a.CellCount > HostNodeWire.NodeMaxCells)
                throw new VirException(VirErrorCode.Rpc, VirErrorDomain.Rpc, "the result won't fit into REMOTE_NODE_MAX_CELLS");
            var counts = c.Feature<INodeHugePages>("virNodeGetFreePages").GetFreePages(a.Pages, a.StartCell, a.CellCount, a.Flags);
            return new NodeGetFreePagesRet([.. counts]);
        });
        d.RegisterSync(RemoteProcedure.NodeAllocPages, static (CallContext c, NodeAllocPagesArgs a) =>
            new IntValue(c.Feature<INodeHugePages>("virNodeAllocPages").AllocPages(a.PageSizes, a.PageCounts, a.StartCell, a.CellCount, a.Flags)),
            ProcedureOptions.Write(api: "virNodeAllocPages"));

        d.RegisterSync(RemoteProcedure.NodeSuspendForDuration, static (CallContext c, NodeSuspendForDurationArgs a) =>
        {
            c.Feature<INodeSuspend>("virNodeSuspendForDuration").SuspendForDuration(a.Target, a.Duration, a.Flags);
            return default(VoidRecord);
        }, ProcedureOptions.Write(api: "virNodeSuspendForDuration"));
    }
}
