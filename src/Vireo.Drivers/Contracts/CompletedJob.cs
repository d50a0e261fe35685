using Vireo.Core.Params;

namespace Vireo.Drivers.Contracts;

/// <summary>virDomainJobOperation: what a long job did (the "operation" statistic; virsh prints it as "Operation:").</summary>
public enum DomainJobOperation
{
    Unknown = 0, Start = 1, Save = 2, Restore = 3, MigrationIn = 4, MigrationOut = 5,
    Snapshot = 6, SnapshotRevert = 7, Dump = 8, Backup = 9, SnapshotDelete = 10,
}

/// <summary>
/// What QEMU's query-migrate said about a migration stream when it completed (sizes in bytes, times in
/// milliseconds). The optional ones are null when QEMU did not report them; libvirt then leaves their
/// statistics out.
/// </summary>
public sealed record MigrationStreamStats(
    ulong RamTotal, ulong RamTransferred, ulong RamRemaining, ulong? Downtime = null, ulong? SetupTime = null,
    ulong RamBytesPerSecond = 0, ulong? RamDuplicate = null, ulong RamNormal = 0, ulong RamNormalBytes = 0,
    ulong DirtyPagesRate = 0, ulong PageSize = 0, ulong DirtySyncCount = 0, ulong PostcopyRequests = 0)
{
    /// <summary>
    /// libvirt's statistics of a stream into a file (save, managedsave, dump, memory snapshot), running or finished:
    /// the migration statistics without the disk, compression and throttle ones.
    /// </summary>
    public void AddTo(List<TypedParameter> p)
    {
        if (Downtime is { } downtime) p.Add(TypedParameter.ULLong("downtime", downtime));
        if (SetupTime is { } setup) p.Add(TypedParameter.ULLong("setup_time", setup));
        // A file stream carries no disks: the data counters are the memory's.
        p.Add(TypedParameter.ULLong("data_total", RamTotal));
        p.Add(TypedParameter.ULLong("data_processed", RamTransferred));
        p.Add(TypedParameter.ULLong("data_remaining", RamRemaining));
        p.Add(TypedParameter.ULLong("memory_total", RamTotal));
        p.Add(TypedParameter.ULLong("memory_processed", RamTransferred));
        p.Add(TypedParameter.ULLong("memory_remaining", RamRemaining));
        if (RamBytesPerSecond != 0) p.Add(TypedParameter.ULLong("memory_bps", RamBytesPerSecond));
        if (RamDuplicate is { } duplicate)
        {
            p.Add(TypedParameter.ULLong("memory_constant", duplicate));
            p.Add(TypedParameter.ULLong("memory_normal", RamNormal));
            p.Add(TypedParameter.ULLong("memory_normal_bytes", RamNormalBytes));
        }
        p.Add(TypedParameter.ULLong("memory_dirty_rate", DirtyPagesRate));
        p.Add(TypedParameter.ULLong("memory_iteration", DirtySyncCount));
        p.Add(TypedParameter.ULLong("memory_postcopy_requests", PostcopyRequests));
        if (PageSize > 0) p.Add(TypedParameter.ULLong("memory_page_size", PageSize));
    }
}

/// <summary>
/// The statistics of a domain's last finished long job, as DOMAIN_GET_JOB_STATS answers them with
/// VIR_DOMAIN_JOB_STATS_COMPLETED and as the JOB_COMPLETED event carries them. Kept per domain until read
/// (without KEEP_COMPLETED) or replaced by the next one. A job that streamed the guest's state into a file
/// (save, managedsave) has its <paramref name="Stream"/>; a backup has its <paramref name="Backup"/> outcome.
/// </summary>
public sealed record CompletedJob(DomainJobOperation Operation, ulong TimeElapsedMs, MigrationStreamStats? Stream, BackupOutcome? Backup = null)
{
    /// <summary>The job's end as virDomainJobType: a backup may have failed or been cancelled; a kept save completed.</summary>
    public DomainJobType Type => Backup?.Type ?? DomainJobType.Completed;

    /// <summary>libvirt's names, types and order: the operation and elapsed time, then the stream's or the backup's statistics.</summary>
    public IReadOnlyList<TypedParameter> ToParams()
    {
        var p = new List<TypedParameter>
        {
            TypedParameter.Int("operation", (int)Operation),
            TypedParameter.ULLong("time_elapsed", TimeElapsedMs),
        };
        Stream?.AddTo(p);
        Backup?.AddTo(p);
        return p;
    }
}
