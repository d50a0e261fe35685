using Vireo.Core.Params;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>Wire limits of the host procedures (REMOTE_NODE_MAX_CELLS, REMOTE_NODE_MEMORY_PARAMETERS_MAX, REMOTE_CONNECT_CPU_MODELS_MAX).</summary>
public static class HostNodeWire
{
    public const int NodeMaxCells = 1024;
    public const int NodeMemoryParametersMax = 64;
    public const int CpuModelsMax = 8192;
}

/// <summary>
/// remote_connect_domain_xml_to_native_args {nativeFormat, domainXml, flags} and
/// remote_connect_domain_xml_from_native_args {nativeFormat, nativeConfig, flags}: the same layout.
/// </summary>
public readonly record struct DomainXmlNativeArgs(string Format, string Config, uint Flags) : IXdrRecord<DomainXmlNativeArgs>
{
    public static DomainXmlNativeArgs Decode(ref XdrReader r) => new(r.ReadString(), r.ReadString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteString(Format);
        w.WriteString(Config);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_connect_get_cpu_model_names_args: {arch, need_results, flags}.</summary>
public readonly record struct CpuModelNamesArgs(string Arch, int NeedResults, uint Flags) : IXdrRecord<CpuModelNamesArgs>
{
    public static CpuModelNamesArgs Decode(ref XdrReader r) => new(r.ReadString(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteString(Arch);
        w.WriteInt(NeedResults);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_connect_get_cpu_model_names_ret: {models&lt;8192&gt;, ret} (models empty when need_results was 0).</summary>
public readonly record struct CpuModelNamesRet(string[] Models, int Ret) : IXdrRecord<CpuModelNamesRet>
{
    public static CpuModelNamesRet Decode(ref XdrReader r) => new(r.ReadStrings(HostNodeWire.CpuModelsMax), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteStrings(Models);
        w.WriteInt(Ret);
    }
}

/// <summary>remote_node_get_memory_parameters_args: {nparams, flags}.</summary>
public readonly record struct NodeGetMemoryParametersArgs(int NParams, uint Flags) : IXdrRecord<NodeGetMemoryParametersArgs>
{
    public static NodeGetMemoryParametersArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(NParams);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_node_get_memory_parameters_ret: {params&lt;64&gt;, nparams}.</summary>
public readonly record struct NodeMemoryParametersRet(IReadOnlyList<TypedParameter> Params, int NParams) : IXdrRecord<NodeMemoryParametersRet>
{
    public static NodeMemoryParametersRet Decode(ref XdrReader r) => new(r.ReadTypedParams(HostNodeWire.NodeMemoryParametersMax), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteTypedParams(Params);
        w.WriteInt(NParams);
    }
}

/// <summary>remote_node_set_memory_parameters_args: {params&lt;64&gt;, flags}.</summary>
public readonly record struct NodeSetMemoryParametersArgs(IReadOnlyList<TypedParameter> Params, uint Flags) : IXdrRecord<NodeSetMemoryParametersArgs>
{
    public static NodeSetMemoryParametersArgs Decode(ref XdrReader r) => new(r.ReadTypedParams(HostNodeWire.NodeMemoryParametersMax), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteTypedParams(Params);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_node_get_free_pages_args: {pages&lt;1024&gt; (KiB), startCell, cellCount, flags}.</summary>
public readonly record struct NodeGetFreePagesArgs(uint[] Pages, int StartCell, uint CellCount, uint Flags) : IXdrRecord<NodeGetFreePagesArgs>
{
    public static NodeGetFreePagesArgs Decode(ref XdrReader r)
    {
        var n = r.ReadCount(HostNodeWire.NodeMaxCells);
        var pages = new uint[n];
        for (var i = 0; i < n; i++) pages[i] = r.ReadUInt();
        return new(pages, r.ReadInt(), r.ReadUInt(), r.ReadUInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Pages.Length);
        foreach (var p in Pages) w.WriteUInt(p);
        w.WriteInt(StartCell);
        w.WriteUInt(CellCount);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_node_get_free_pages_ret: {counts&lt;1024&gt;}, cell by cell, page size by page size.</summary>
public readonly record struct NodeGetFreePagesRet(ulong[] Counts) : IXdrRecord<NodeGetFreePagesRet>
{
    public static NodeGetFreePagesRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(HostNodeWire.NodeMaxCells, 8);
        var counts = new ulong[n];
        for (var i = 0; i < n; i++) counts[i] = r.ReadUHyper();
        return new(counts);
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Counts.Length);
        foreach (var c in Counts) w.WriteUHyper(c);
    }
}

/// <summary>remote_node_alloc_pages_args: {pageSizes&lt;1024&gt;, pageCounts&lt;1024&gt;, startCell, cellCount, flags}; the reply is an int.</summary>
public readonly record struct NodeAllocPagesArgs(uint[] PageSizes, ulong[] PageCounts, int StartCell, uint CellCount, uint Flags) : IXdrRecord<NodeAllocPagesArgs>
{
    public static NodeAllocPagesArgs Decode(ref XdrReader r)
    {
        var n = r.ReadCount(HostNodeWire.NodeMaxCells);
        var sizes = new uint[n];
        for (var i = 0; i < n; i++) sizes[i] = r.ReadUInt();
        var m = r.ReadCount(HostNodeWire.NodeMaxCells, 8);
        var counts = new ulong[m];
        for (var i = 0; i < m; i++) counts[i] = r.ReadUHyper();
        return new(sizes, counts, r.ReadInt(), r.ReadUInt(), r.ReadUInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(PageSizes.Length);
        foreach (var p in PageSizes) w.WriteUInt(p);
        w.WriteInt(PageCounts.Length);
        foreach (var c in PageCounts) w.WriteUHyper(c);
        w.WriteInt(StartCell);
        w.WriteUInt(CellCount);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_node_suspend_for_duration_args: {target, duration (seconds), flags}.</summary>
public readonly record struct NodeSuspendForDurationArgs(uint Target, ulong Duration, uint Flags) : IXdrRecord<NodeSuspendForDurationArgs>
{
    public static NodeSuspendForDurationArgs Decode(ref XdrReader r) => new(r.ReadUInt(), r.ReadUHyper(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteUInt(Target);
        w.WriteUHyper(Duration);
        w.WriteUInt(Flags);
    }
}
