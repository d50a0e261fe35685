using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

/// <summary>
/// remote_domain_get_job_info_ret: {int type; unsigned hyper timeElapsed, timeRemaining, dataTotal,
/// dataProcessed, dataRemaining, memTotal, memProcessed, memRemaining, fileTotal, fileProcessed, fileRemaining}.
/// </summary>
public readonly record struct DomainGetJobInfoRet(int Type, ulong TimeElapsed, ulong TimeRemaining,
    ulong DataTotal = 0, ulong DataProcessed = 0, ulong DataRemaining = 0,
    ulong MemTotal = 0, ulong MemProcessed = 0, ulong MemRemaining = 0,
    ulong FileTotal = 0, ulong FileProcessed = 0, ulong FileRemaining = 0) : IXdrRecord<DomainGetJobInfoRet>
{
    /// <summary>
    /// libvirt's virDomainJobInfo from a running job (qemuDomainJobDataToInfo): the memory counters are a save's or
    /// full dump's RAM in its stream, or a memory-only dump's progress; the file counters a backup's disks; data is both.
    /// </summary>
    public static DomainGetJobInfoRet From(DomainJobInfo job)
    {
        var (memTotal, memProcessed, memRemaining) = job.Stream is { } s ? (s.RamTotal, s.RamTransferred, s.RamRemaining)
            : job.Memory is { } m ? (m.Total, m.Processed, m.Remaining) : (0UL, 0UL, 0UL);
        ulong fileTotal = job.Disks?.Total ?? 0, fileProcessed = job.Disks?.Processed ?? 0, fileRemaining = job.Disks?.Remaining ?? 0;
        return new DomainGetJobInfoRet((int)job.Type, job.TimeElapsedMs, job.TimeRemainingMs,
            memTotal + fileTotal, memProcessed + fileProcessed, memRemaining + fileRemaining,
            memTotal, memProcessed, memRemaining, fileTotal, fileProcessed, fileRemaining);
    }

    /// <summary>
    /// The job as a client reads it back: the memory and file counters (data is their sum). A stream's RAM comes
    /// back as memory progress; the record has no room for the rest of a stream's statistics (virDomainGetJobStats has).
    /// </summary>
    public DomainJobInfo ToJobInfo() => new((DomainJobType)Type, TimeElapsed, TimeRemaining)
    {
        Memory = MemTotal > 0 ? new MemoryProgress(MemTotal, MemProcessed) : null,
        Disks = FileTotal > 0 ? new DiskCopyStats(FileTotal, FileProcessed) : null,
    };

    public static DomainGetJobInfoRet Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadUHyper(), r.ReadUHyper(),
        r.ReadUHyper(), r.ReadUHyper(), r.ReadUHyper(), r.ReadUHyper(), r.ReadUHyper(), r.ReadUHyper(),
        r.ReadUHyper(), r.ReadUHyper(), r.ReadUHyper());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Type);
        foreach (var v in (ReadOnlySpan<ulong>)[TimeElapsed, TimeRemaining, DataTotal, DataProcessed, DataRemaining,
                     MemTotal, MemProcessed, MemRemaining, FileTotal, FileProcessed, FileRemaining])
            w.WriteUHyper(v);
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
