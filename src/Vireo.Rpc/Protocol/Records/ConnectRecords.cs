using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>remote_connect_open_args.</summary>
public readonly record struct ConnectOpenArgs(string? Name, uint Flags) : IXdrRecord<ConnectOpenArgs>
{
    /// <summary>VIR_CONNECT_RO.</summary>
    public const uint ReadOnly = 1;

    public static ConnectOpenArgs Decode(ref XdrReader r) => new(r.ReadOptionalString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteOptionalString(Name);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_auth_list_ret: the auth types (REMOTE_AUTH_NONE = 0).</summary>
public readonly record struct AuthListRet(int[] Types) : IXdrRecord<AuthListRet>
{
    public static AuthListRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(XdrLimits.AuthTypeListMax);
        var types = new int[n];
        for (var i = 0; i < n; i++) types[i] = r.ReadInt();
        return new AuthListRet(types);
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Types.Length);
        foreach (var t in Types) w.WriteInt(t);
    }
}

/// <summary>remote_node_get_info_ret (model is char[32]: 32 four-byte words).</summary>
public readonly record struct NodeGetInfoRet(string Model, ulong Memory, int Cpus, int Mhz, int Nodes, int Sockets, int Cores, int Threads)
    : IXdrRecord<NodeGetInfoRet>
{
    public static NodeGetInfoRet Decode(ref XdrReader r) =>
        new(r.ReadFixedCharArray(32), r.ReadUHyper(), r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadInt(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteFixedCharArray(Model, 32);
        w.WriteUHyper(Memory);
        w.WriteInt(Cpus);
        w.WriteInt(Mhz);
        w.WriteInt(Nodes);
        w.WriteInt(Sockets);
        w.WriteInt(Cores);
        w.WriteInt(Threads);
    }
}

/// <summary>remote_node_get_security_model_ret (char arrays with a trailing NUL, as libvirtd sends them).</summary>
public readonly record struct NodeGetSecurityModelRet(string Model, string Doi) : IXdrRecord<NodeGetSecurityModelRet>
{
    public static NodeGetSecurityModelRet Decode(ref XdrReader r) =>
        new(r.ReadCharArray(XdrLimits.SecurityModelMax), r.ReadCharArray(XdrLimits.SecurityDoiMax));

    public void Encode(ref XdrWriter w)
    {
        w.WriteCharArray(Model);
        w.WriteCharArray(Doi);
    }
}

/// <summary>remote_connect_get_domain_capabilities_args.</summary>
public readonly record struct ConnectGetDomainCapabilitiesArgs(string? EmulatorBin, string? Arch, string? Machine, string? VirtType, uint Flags)
    : IXdrRecord<ConnectGetDomainCapabilitiesArgs>
{
    public static ConnectGetDomainCapabilitiesArgs Decode(ref XdrReader r) =>
        new(r.ReadOptionalString(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteOptionalString(EmulatorBin);
        w.WriteOptionalString(Arch);
        w.WriteOptionalString(Machine);
        w.WriteOptionalString(VirtType);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_node_get_cpu_map_args.</summary>
public readonly record struct NodeGetCpuMapArgs(int NeedMap, int NeedOnline, uint Flags) : IXdrRecord<NodeGetCpuMapArgs>
{
    public static NodeGetCpuMapArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(NeedMap);
        w.WriteInt(NeedOnline);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_node_get_cpu_map_ret: a bitmap of online CPUs, how many are online, how many exist.</summary>
public readonly record struct NodeGetCpuMapRet(byte[] CpuMap, uint Online, int Ret) : IXdrRecord<NodeGetCpuMapRet>
{
    public static NodeGetCpuMapRet Decode(ref XdrReader r) => new(r.ReadOpaque(XdrLimits.CpumapMax), r.ReadUInt(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteOpaque(CpuMap);
        w.WriteUInt(Online);
        w.WriteInt(Ret);
    }
}

/// <summary>remote_node_get_cpu_stats_args {cpuNum; nparams; flags} and remote_node_get_memory_stats_args {nparams; cellNum; flags}.</summary>
public readonly record struct NodeStatsArgs(int First, int Second, uint Flags) : IXdrRecord<NodeStatsArgs>
{
    public static NodeStatsArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(First);
        w.WriteInt(Second);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_node_get_cpu_stats_ret / remote_node_get_memory_stats_ret: (field, value) pairs and the total count.</summary>
public readonly record struct NodeStatsRet((string Field, ulong Value)[] Params, int NParams) : IXdrRecord<NodeStatsRet>
{
    public static NodeStatsRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(XdrLimits.NodeCpuStatsMax, 12);
        var list = new (string, ulong)[n];
        for (var i = 0; i < n; i++) list[i] = (r.ReadString(), r.ReadUHyper());
        return new NodeStatsRet(list, r.ReadInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Params.Length);
        foreach (var (field, value) in Params)
        {
            w.WriteString(field);
            w.WriteUHyper(value);
        }
        w.WriteInt(NParams);
    }
}

/// <summary>remote_node_get_cells_free_memory_args.</summary>
public readonly record struct NodeGetCellsFreeMemoryArgs(int StartCell, int MaxCells) : IXdrRecord<NodeGetCellsFreeMemoryArgs>
{
    public static NodeGetCellsFreeMemoryArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(StartCell);
        w.WriteInt(MaxCells);
    }
}

/// <summary>remote_node_get_cells_free_memory_ret: free bytes per cell.</summary>
public readonly record struct NodeGetCellsFreeMemoryRet(ulong[] Cells) : IXdrRecord<NodeGetCellsFreeMemoryRet>
{
    public static NodeGetCellsFreeMemoryRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(XdrLimits.CellsFreeMemoryMax, 8);
        var cells = new ulong[n];
        for (var i = 0; i < n; i++) cells[i] = r.ReadUHyper();
        return new NodeGetCellsFreeMemoryRet(cells);
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Cells.Length);
        foreach (var c in Cells) w.WriteUHyper(c);
    }
}
