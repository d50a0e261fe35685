using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>remote_domain_get_info_ret (state is an unsigned char and nrVirtCpu an unsigned short: 4 bytes each on the wire).</summary>
public readonly record struct DomainGetInfoRet(int State, ulong MaxMem, ulong Memory, int NrVirtCpu, ulong CpuTime) : IXdrRecord<DomainGetInfoRet>
{
    public static DomainGetInfoRet Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadUHyper(), r.ReadUHyper(), r.ReadInt(), r.ReadUHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(State);
        w.WriteUHyper(MaxMem);
        w.WriteUHyper(Memory);
        w.WriteInt(NrVirtCpu);
        w.WriteUHyper(CpuTime);
    }
}

/// <summary>remote_domain_get_control_info_ret: {unsigned int state; unsigned int details; unsigned hyper stateTime}.</summary>
public readonly record struct DomainGetControlInfoRet(uint State, uint Details, ulong StateTime) : IXdrRecord<DomainGetControlInfoRet>
{
    public static DomainGetControlInfoRet Decode(ref XdrReader r) => new(r.ReadUInt(), r.ReadUInt(), r.ReadUHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteUInt(State);
        w.WriteUInt(Details);
        w.WriteUHyper(StateTime);
    }
}

/// <summary>remote_domain_get_state_ret.</summary>
public readonly record struct DomainGetStateRet(int State, int Reason) : IXdrRecord<DomainGetStateRet>
{
    public static DomainGetStateRet Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(State);
        w.WriteInt(Reason);
    }
}

/// <summary>remote_domain_get_security_label_ret.</summary>
public readonly record struct DomainGetSecurityLabelRet(string Label, int Enforcing) : IXdrRecord<DomainGetSecurityLabelRet>
{
    public static DomainGetSecurityLabelRet Decode(ref XdrReader r) => new(r.ReadCharArray(XdrLimits.SecurityLabelMax), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteCharArray(Label);
        w.WriteInt(Enforcing);
    }
}

/// <summary>remote_domain_get_messages_ret.</summary>
public readonly record struct DomainGetMessagesRet(string[] Messages) : IXdrRecord<DomainGetMessagesRet>
{
    public static DomainGetMessagesRet Decode(ref XdrReader r) => new(r.ReadStrings(XdrLimits.DomainMessagesMax));
    public void Encode(ref XdrWriter w) => w.WriteStrings(Messages);
}

/// <summary>remote_domain_get_vcpus_args.</summary>
public readonly record struct DomainGetVcpusArgs(DomainRef Dom, int MaxInfo, int MapLen) : IXdrRecord<DomainGetVcpusArgs>
{
    public static DomainGetVcpusArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadInt(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteInt(MaxInfo);
        w.WriteInt(MapLen);
    }
}

/// <summary>remote_domain_get_vcpus_ret: per-vCPU info and maxinfo × maplen bytes of pinning bitmaps.</summary>
public readonly record struct DomainGetVcpusRet(WireVcpuInfo[] Info, byte[] CpuMaps) : IXdrRecord<DomainGetVcpusRet>
{
    public static DomainGetVcpusRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(XdrLimits.VcpuinfoMax, 20);
        var info = new WireVcpuInfo[n];
        for (var i = 0; i < n; i++) info[i] = new WireVcpuInfo(r.ReadUInt(), r.ReadInt(), r.ReadUHyper(), r.ReadInt());
        return new DomainGetVcpusRet(info, r.ReadOpaque(XdrLimits.CpumapsMax));
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Info.Length);
        foreach (var v in Info)
        {
            w.WriteUInt(v.Number);
            w.WriteInt(v.State);
            w.WriteUHyper(v.CpuTime);
            w.WriteInt(v.Cpu);
        }
        w.WriteOpaque(CpuMaps);
    }
}

/// <summary>remote_domain_get_vcpu_pin_info_args.</summary>
public readonly record struct DomainGetVcpuPinInfoArgs(DomainRef Dom, int NCpuMaps, int MapLen, uint Flags) : IXdrRecord<DomainGetVcpuPinInfoArgs>
{
    public static DomainGetVcpuPinInfoArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadInt(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteInt(NCpuMaps);
        w.WriteInt(MapLen);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_get_vcpu_pin_info_ret (num) and remote_domain_get_emulator_pin_info_ret (ret): bitmaps and a count.</summary>
public readonly record struct CpuMapsRet(byte[] CpuMaps, int Num) : IXdrRecord<CpuMapsRet>
{
    public static CpuMapsRet Decode(ref XdrReader r) => new(r.ReadOpaque(XdrLimits.CpumapsMax), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteOpaque(CpuMaps);
        w.WriteInt(Num);
    }
}

/// <summary>remote_domain_block_stats_ret.</summary>
public readonly record struct DomainBlockStatsRet(long RdReq, long RdBytes, long WrReq, long WrBytes, long Errs) : IXdrRecord<DomainBlockStatsRet>
{
    public static DomainBlockStatsRet Decode(ref XdrReader r) => new(r.ReadHyper(), r.ReadHyper(), r.ReadHyper(), r.ReadHyper(), r.ReadHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteHyper(RdReq);
        w.WriteHyper(RdBytes);
        w.WriteHyper(WrReq);
        w.WriteHyper(WrBytes);
        w.WriteHyper(Errs);
    }
}

/// <summary>remote_domain_interface_stats_ret.</summary>
public readonly record struct DomainInterfaceStatsRet(long RxBytes, long RxPackets, long RxErrs, long RxDrop, long TxBytes, long TxPackets, long TxErrs, long TxDrop)
    : IXdrRecord<DomainInterfaceStatsRet>
{
    public static DomainInterfaceStatsRet Decode(ref XdrReader r) =>
        new(r.ReadHyper(), r.ReadHyper(), r.ReadHyper(), r.ReadHyper(), r.ReadHyper(), r.ReadHyper(), r.ReadHyper(), r.ReadHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteHyper(RxBytes);
        w.WriteHyper(RxPackets);
        w.WriteHyper(RxErrs);
        w.WriteHyper(RxDrop);
        w.WriteHyper(TxBytes);
        w.WriteHyper(TxPackets);
        w.WriteHyper(TxErrs);
        w.WriteHyper(TxDrop);
    }
}

/// <summary>remote_domain_block_stats_flags_args and remote_domain_get_interface_parameters_args: {dom; name; nparams; flags}.</summary>
public readonly record struct DomainNamedParamsArgs(DomainRef Dom, string Name, int NParams, uint Flags) : IXdrRecord<DomainNamedParamsArgs>
{
    public static DomainNamedParamsArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadString(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteString(Name);
        w.WriteInt(NParams);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_memory_stats_args.</summary>
public readonly record struct DomainMemoryStatsArgs(DomainRef Dom, uint MaxStats, uint Flags) : IXdrRecord<DomainMemoryStatsArgs>
{
    public static DomainMemoryStatsArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(MaxStats);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_memory_stats_ret: (tag, value) pairs.</summary>
public readonly record struct DomainMemoryStatsRet((int Tag, ulong Value)[] Stats) : IXdrRecord<DomainMemoryStatsRet>
{
    public static DomainMemoryStatsRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(XdrLimits.DomainMemoryStatsMax, 12);
        var stats = new (int, ulong)[n];
        for (var i = 0; i < n; i++) stats[i] = (r.ReadInt(), r.ReadUHyper());
        return new DomainMemoryStatsRet(stats);
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Stats.Length);
        foreach (var (tag, value) in Stats)
        {
            w.WriteInt(tag);
            w.WriteUHyper(value);
        }
    }
}

/// <summary>remote_connect_get_all_domain_stats_args.</summary>
public readonly record struct GetAllDomainStatsArgs(DomainRef[] Doms, uint Stats, uint Flags) : IXdrRecord<GetAllDomainStatsArgs>
{
    public static GetAllDomainStatsArgs Decode(ref XdrReader r) => new(r.ReadDomains(XdrLimits.DomainListMax), r.ReadUInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomains(Doms);
        w.WriteUInt(Stats);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_domain_stats_record.</summary>
public readonly record struct DomainStatsRecord(DomainRef Dom, IReadOnlyList<TypedParameter> Params);

/// <summary>remote_connect_get_all_domain_stats_ret.</summary>
public readonly record struct GetAllDomainStatsRet(DomainStatsRecord[] Records) : IXdrRecord<GetAllDomainStatsRet>
{
    public static GetAllDomainStatsRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(XdrLimits.DomainListMax, 28);
        var recs = new DomainStatsRecord[n];
        for (var i = 0; i < n; i++) recs[i] = new DomainStatsRecord(r.ReadDomain(), r.ReadTypedParams(XdrLimits.ConnectGetAllDomainStatsMax));
        return new GetAllDomainStatsRet(recs);
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Records.Length);
        foreach (var rec in Records)
        {
            w.WriteDomain(rec.Dom);
            w.WriteTypedParams(rec.Params);
        }
    }
}

/// <summary>remote_domain_get_scheduler_type_ret.</summary>
public readonly record struct SchedulerTypeRet(string Type, int NParams) : IXdrRecord<SchedulerTypeRet>
{
    public static SchedulerTypeRet Decode(ref XdrReader r) => new(r.ReadString(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteString(Type);
        w.WriteInt(NParams);
    }
}

/// <summary>remote_domain_get_scheduler_parameters(_flags)_ret: only the list.</summary>
public readonly record struct TypedParamsRet(IReadOnlyList<TypedParameter> Params) : IXdrRecord<TypedParamsRet>
{
    public static TypedParamsRet Decode(ref XdrReader r) => new(r.ReadTypedParams(XdrLimits.SchedulerParametersMax));
    public void Encode(ref XdrWriter w) => w.WriteTypedParams(Params);
}

/// <summary>
/// The "two phase" typed-parameter replies (numa, block stats flags, interface and block io tune parameters):
/// the list, then how many exist (asked with nparams = 0 first). Decoded with the largest of their maxima (32).
/// </summary>
public readonly record struct TypedParamsCountRet(IReadOnlyList<TypedParameter> Params, int NParams) : IXdrRecord<TypedParamsCountRet>
{
    public static TypedParamsCountRet Decode(ref XdrReader r) => new(r.ReadTypedParams(XdrLimits.BlockIoTuneParametersMax), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteTypedParams(Params);
        w.WriteInt(NParams);
    }
}

/// <summary>remote_domain_get_block_info_ret.</summary>
public readonly record struct DomainBlockInfoRet(ulong Allocation, ulong Capacity, ulong Physical) : IXdrRecord<DomainBlockInfoRet>
{
    public static DomainBlockInfoRet Decode(ref XdrReader r) => new(r.ReadUHyper(), r.ReadUHyper(), r.ReadUHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteUHyper(Allocation);
        w.WriteUHyper(Capacity);
        w.WriteUHyper(Physical);
    }
}

/// <summary>remote_domain_get_metadata_args.</summary>
public readonly record struct DomainGetMetadataArgs(DomainRef Dom, int Type, string? Uri, uint Flags) : IXdrRecord<DomainGetMetadataArgs>
{
    public static DomainGetMetadataArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadInt(), r.ReadOptionalString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteInt(Type);
        w.WriteOptionalString(Uri);
        w.WriteUInt(Flags);
    }
}
