using Vireo.Core.Params;
using Vireo.Core.State;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>remote_domain_set_metadata_args: {dom; int type; string? metadata; string? key; string? uri; unsigned flags}.</summary>
public readonly record struct DomainSetMetadataArgs(DomainRef Dom, int Type, string? Metadata, string? Key, string? Uri, uint Flags)
    : IXdrRecord<DomainSetMetadataArgs>
{
    public static DomainSetMetadataArgs Decode(ref XdrReader r) =>
        new(r.ReadDomain(), r.ReadInt(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadOptionalString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteInt(Type);
        w.WriteOptionalString(Metadata);
        w.WriteOptionalString(Key);
        w.WriteOptionalString(Uri);
        w.WriteUInt(Flags);
    }
}

/// <summary>
/// remote_domain_get_cpu_stats_args: {dom; unsigned nparams; int start_cpu; unsigned ncpus; unsigned flags}.
/// start_cpu -1 with ncpus 1 asks for the totals; nparams 0 asks how many parameters there are.
/// </summary>
public readonly record struct DomainGetCpuStatsArgs(DomainRef Dom, uint NParams, int StartCpu, uint NCpus, uint Flags)
    : IXdrRecord<DomainGetCpuStatsArgs>
{
    public static DomainGetCpuStatsArgs Decode(ref XdrReader r) => new(r.ReadDomain(), r.ReadUInt(), r.ReadInt(), r.ReadUInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteDomain(Dom);
        w.WriteUInt(NParams);
        w.WriteInt(StartCpu);
        w.WriteUInt(NCpus);
        w.WriteUInt(Flags);
    }
}

/// <summary>
/// remote_domain_get_cpu_stats_ret: {remote_typed_param params&lt;REMOTE_DOMAIN_GET_CPU_STATS_MAX = 2048&gt;; int nparams}.
/// The list is ncpus groups of nparams slots each, CPU after CPU; a slot a CPU has no value for is left out
/// by libvirtd's server (it drops empty fields before sending), so the client spreads them out again.
/// </summary>
public readonly record struct DomainGetCpuStatsRet(IReadOnlyList<TypedParameter> Params, int NParams) : IXdrRecord<DomainGetCpuStatsRet>
{
    public const int CpuStatsMax = 2048;

    /// <summary>REMOTE_DOMAIN_GET_CPU_STATS_NCPUS_MAX: at most this many CPUs in one call.</summary>
    public const int NCpusMax = 128;

    public static DomainGetCpuStatsRet Decode(ref XdrReader r) => new(r.ReadTypedParams(CpuStatsMax), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteTypedParams(Params);
        w.WriteInt(NParams);
    }
}
