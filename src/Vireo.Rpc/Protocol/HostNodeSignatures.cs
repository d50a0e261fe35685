using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Protocol;

/// <summary>The records of the host memory, power and conversion procedures (part of <see cref="ProcedureSignatures"/>).</summary>
internal static class HostNodeSignatures
{
    public static void Add(Dictionary<RemoteProcedure, (Type, Type)> m)
    {
        var v = typeof(VoidRecord);
        m[RemoteProcedure.ConnectDomainXmlToNative] = (typeof(DomainXmlNativeArgs), typeof(StringValue));
        m[RemoteProcedure.ConnectDomainXmlFromNative] = (typeof(DomainXmlNativeArgs), typeof(StringValue));
        m[RemoteProcedure.ConnectGetCpuModelNames] = (typeof(CpuModelNamesArgs), typeof(CpuModelNamesRet));
        m[RemoteProcedure.ConnectCompareCpu] = (typeof(CompareCpuArgs), typeof(IntValue));
        m[RemoteProcedure.ConnectBaselineCpu] = (typeof(BaselineCpuArgs), typeof(StringValue));
        m[RemoteProcedure.ConnectCompareHypervisorCpu] = (typeof(CompareHypervisorCpuArgs), typeof(IntValue));
        m[RemoteProcedure.ConnectBaselineHypervisorCpu] = (typeof(BaselineHypervisorCpuArgs), typeof(StringValue));
        m[RemoteProcedure.NodeGetMemoryParameters] = (typeof(NodeGetMemoryParametersArgs), typeof(NodeMemoryParametersRet));
        m[RemoteProcedure.NodeSetMemoryParameters] = (typeof(NodeSetMemoryParametersArgs), v);
        m[RemoteProcedure.NodeGetFreePages] = (typeof(NodeGetFreePagesArgs), typeof(NodeGetFreePagesRet));
        m[RemoteProcedure.NodeAllocPages] = (typeof(NodeAllocPagesArgs), typeof(IntValue));
        m[RemoteProcedure.NodeSuspendForDuration] = (typeof(NodeSuspendForDurationArgs), v);
    }
}
