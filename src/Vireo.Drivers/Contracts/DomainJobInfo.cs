namespace Vireo.Drivers.Contracts;

/// <summary>virDomainJobType: the kind of long (asynchronous) job a domain runs.</summary>
public enum DomainJobType { None = 0, Bounded = 1, Unbounded = 2, Completed = 3, Failed = 4, Cancelled = 5 }

/// <summary>
/// virDomainJobInfo (DOMAIN_GET_JOB_INFO, DOMAIN_GET_JOB_STATS): a domain's long job and its progress, times in
/// milliseconds and sizes in bytes. A domain with no long job has type None and every counter 0. A running
/// backup sets its operation and disk counters, a running memory-only dump its memory counters, a running save or
/// full dump its migration stream's; a finished job's statistics are a <see cref="CompletedJob"/>.
/// </summary>
public sealed record DomainJobInfo(DomainJobType Type, ulong TimeElapsedMs = 0, ulong TimeRemainingMs = 0)
{
    public static readonly DomainJobInfo None = new(DomainJobType.None);

    public DomainJobOperation Operation { get; init; }
    public DiskCopyStats? Disks { get; init; }
    /// <summary>A running save's or full dump's migration stream into its file (query-migrate's counters so far).</summary>
    public MigrationStreamStats? Stream { get; init; }
    /// <summary>A running memory-only dump's progress (memory_total, memory_processed, memory_remaining).</summary>
    public MemoryProgress? Memory { get; init; }
}

/// <summary>A running dump's progress through the guest's memory, in bytes (the memory_* job statistics).</summary>
public sealed record MemoryProgress(ulong Total, ulong Processed)
{
    public ulong Remaining => Total - Processed;
}
