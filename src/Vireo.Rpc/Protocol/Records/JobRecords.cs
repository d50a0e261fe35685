using Vireo.Core.Params;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>
/// remote_domain_get_job_info_ret: {int type; unsigned hyper timeElapsed, timeRemaining, dataTotal,
/// dataProcessed, dataRemaining, memTotal, memProcessed, memRemaining, fileTotal, fileProcessed, fileRemaining}.
/// Vireo reports the type and the times; the data counters (migration, save) stay 0.
/// </summary>
public readonly record struct DomainGetJobInfoRet(int Type, ulong TimeElapsed, ulong TimeRemaining) : IXdrRecord<DomainGetJobInfoRet>
{
    private const int DataCounters = 9;

    public static DomainGetJobInfoRet Decode(ref XdrReader r)
    {
        var ret = new DomainGetJobInfoRet(r.ReadInt(), r.ReadUHyper(), r.ReadUHyper());
        for (int i = 0; i < DataCounters; i++) r.ReadUHyper();
        return ret;
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Type);
        w.WriteUHyper(TimeElapsed);
        w.WriteUHyper(TimeRemaining);
        for (int i = 0; i < DataCounters; i++) w.WriteUHyper(0);
    }
}

/// <summary>remote_domain_get_job_stats_ret: {int type; remote_typed_param params&lt;REMOTE_DOMAIN_JOB_STATS_MAX = 64&gt;}.</summary>
public readonly record struct DomainGetJobStatsRet(int Type, IReadOnlyList<TypedParameter> Params) : IXdrRecord<DomainGetJobStatsRet>
{
    public const int JobStatsMax = 64;

    public static DomainGetJobStatsRet Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadTypedParams(JobStatsMax));

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Type);
        w.WriteTypedParams(Params);
    }
}
