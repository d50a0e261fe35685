using System.Diagnostics;
using System.Runtime.CompilerServices;
using Vireo.Core.Backups;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Driver.Features.BlockJobs;

namespace Vireo.Qemu.Driver.Features.Backup;

/// <summary>One disk of a running backup: its block job, the node of the copy, and whether Vireo made the file.</summary>
internal sealed class BackupDiskRun(BackupDiskPlan plan, TrackedJob job, string node, bool created, ulong size)
{
    public BackupDiskPlan Plan { get; } = plan;
    public TrackedJob Job { get; } = job;
    public string Node { get; } = node;
    public bool Created { get; } = created;
    public ulong Size { get; } = size;
    public BlockJobEnd? End { get; set; }
}

/// <summary>
/// A running backup of one guest process: its disks and their jobs, when it started, whether an abort was
/// asked for. The guest's backup lives in the table here, keyed by the guest process; the finished one's
/// statistics (domjobinfo --completed) are kept with the domain (<see cref="DomainObject.CompletedJob"/>).
/// </summary>
internal sealed class BackupJob(DomainBackupDef description, IReadOnlyList<BackupDiskRun> disks)
{
    private static readonly ConditionalWeakTable<GuestProcess, BackupJob> Running = new();

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public DomainBackupDef Description { get; } = description;
    public IReadOnlyList<BackupDiskRun> Disks { get; } = disks;
    public volatile bool AbortRequested;

    public ulong ElapsedMs => (ulong)_clock.ElapsedMilliseconds;
    public ulong TotalBytes => (ulong)Disks.Sum(d => (decimal)d.Size);

    public static BackupJob? Of(GuestProcess guest) => Running.TryGetValue(guest, out var b) ? b : null;

    /// <summary>Registers the guest's backup; false when it already has one.</summary>
    public static bool TryStart(GuestProcess guest, BackupJob job) => Running.TryAdd(guest, job);

    /// <summary>Drops a backup that never started (its transaction failed).</summary>
    public static void Forget(GuestProcess guest, BackupJob job)
    {
        if (Running.TryGetValue(guest, out var current) && ReferenceEquals(current, job)) Running.Remove(guest);
    }

    /// <summary>The backup ended: the guest has none running, and the domain keeps its statistics.</summary>
    public static void Finish(GuestProcess guest, DomainObject dom, BackupJob job, CompletedJob stats)
    {
        if (Running.TryGetValue(guest, out var current) && ReferenceEquals(current, job)) Running.Remove(guest);
        dom.RecordCompletedJob(stats);
    }

    /// <summary>Records one disk's end; true for the last disk to end (its handler concludes the backup).</summary>
    public bool DiskEnded(BackupDiskRun disk, BlockJobEnd end)
    {
        lock (Disks)
        {
            disk.End = end;
            return Disks.All(d => d.End is not null);
        }
    }

    /// <summary>The statistics libvirt reports while the backup runs, from QEMU's offsets of the jobs still running.</summary>
    public DomainJobInfo Progress(IReadOnlyDictionary<string, long> offsets) => new(DomainJobType.Unbounded, ElapsedMs)
    {
        Operation = DomainJobOperation.Backup,
        Disks = Copied(offsets),
    };

    /// <summary>The statistics of the finished backup: completed, cancelled (abort) or failed (QEMU's first error).</summary>
    public CompletedJob Outcome()
    {
        var failed = Disks.Select(d => d.End).FirstOrDefault(e => e?.Status == BlockJobStatus.Failed);
        bool cancelled = failed is null && Disks.Any(d => d.End?.Status == BlockJobStatus.Canceled);
        var type = failed is not null ? DomainJobType.Failed : cancelled ? DomainJobType.Cancelled : DomainJobType.Completed;
        var error = failed?.Error ?? (cancelled ? "Operation canceled" : null);
        return new CompletedJob(DomainJobOperation.Backup, ElapsedMs, Stream: null,
            new BackupOutcome(type, Copied(new Dictionary<string, long>()), error));
    }

    private DiskCopyStats Copied(IReadOnlyDictionary<string, long> offsets) =>
        new(TotalBytes, (ulong)Disks.Sum(d => (decimal)Math.Min(d.Size, Processed(d, offsets))));

    private static ulong Processed(BackupDiskRun d, IReadOnlyDictionary<string, long> offsets) => d.End switch
    {
        { Status: BlockJobStatus.Completed } => d.Size,
        { Offset: { } o } => (ulong)Math.Max(0, o),
        null when offsets.TryGetValue(d.Job.JobId, out var o) => (ulong)Math.Max(0, o),
        _ => 0,
    };
}
