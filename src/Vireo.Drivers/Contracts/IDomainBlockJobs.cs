namespace Vireo.Drivers.Contracts;

/// <summary>
/// Long-running operations on a running domain's disk chains (libvirt's block jobs) and disk sizes.
/// A disk is named by its target (vda) or by the path of its current image, as in virsh. At most one
/// job runs per disk; its progress is read with <see cref="GetJobInfoAsync"/> and its end is published
/// as BLOCK_JOB / BLOCK_JOB_2 events.
/// </summary>
public interface IDomainBlockJobs
{
    /// <summary>DOMAIN_BLOCK_COMMIT: merges the layers from top (default: the active layer) down into base (default: the bottom).</summary>
    ValueTask CommitAsync(Guid uuid, string disk, string? baseImage, string? topImage, ulong bandwidth, BlockCommitFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_BLOCK_PULL / DOMAIN_BLOCK_REBASE without copy: copies the backing layers above base (default: all) into the active layer.</summary>
    ValueTask PullAsync(Guid uuid, string disk, string? baseImage, ulong bandwidth, BlockPullFlags flags, CancellationToken ct);

    /// <summary>
    /// DOMAIN_BLOCK_COPY (and DOMAIN_BLOCK_REBASE with COPY): mirrors the disk into <paramref name="destination"/>
    /// until the job is ready, then waits for <see cref="AbortJobAsync"/> (Pivot switches the disk to the copy,
    /// a plain abort keeps the original).
    /// </summary>
    ValueTask CopyAsync(Guid uuid, string disk, BlockCopyDestination destination, BlockCopyTuning tuning, BlockCopyFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_GET_BLOCK_JOB_INFO: the disk's job, or null when it has none.</summary>
    ValueTask<BlockJobInfo?> GetJobInfoAsync(Guid uuid, string disk, BlockJobInfoFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_BLOCK_JOB_ABORT: cancels the job, or with Pivot switches the disk to the job's result.</summary>
    ValueTask AbortJobAsync(Guid uuid, string disk, BlockJobAbortFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_BLOCK_JOB_SET_SPEED: bandwidth in MiB/s (bytes/s with <see cref="BlockJobInfoFlags.BandwidthBytes"/>).</summary>
    ValueTask SetJobSpeedAsync(Guid uuid, string disk, ulong bandwidth, BlockJobInfoFlags flags, CancellationToken ct);

    /// <summary>DOMAIN_GET_BLOCK_INFO: capacity, allocation and physical size of the disk's current image.</summary>
    ValueTask<BlockInfo> GetBlockInfoAsync(Guid uuid, string disk, CancellationToken ct);

    /// <summary>DOMAIN_BLOCK_RESIZE: the running guest's disk gets the new capacity (KiB, or bytes with <see cref="BlockResizeFlags.Bytes"/>).</summary>
    ValueTask ResizeAsync(Guid uuid, string disk, ulong size, BlockResizeFlags flags, CancellationToken ct);
}

/// <summary>virDomainBlockResizeFlags.</summary>
[Flags]
public enum BlockResizeFlags : uint { None = 0, Bytes = 1 }

/// <summary>virDomainBlockJobType.</summary>
public enum BlockJobType { Unknown = 0, Pull = 1, Copy = 2, Commit = 3, ActiveCommit = 4, Backup = 5 }

/// <summary>virConnectDomainEventBlockJobStatus.</summary>
public enum BlockJobStatus { Completed = 0, Failed = 1, Canceled = 2, Ready = 3 }

/// <summary>virDomainBlockJobInfo: bandwidth in MiB/s (or bytes/s when asked), progress as cur of end.</summary>
public sealed record BlockJobInfo(BlockJobType Type, ulong Bandwidth, ulong Cur, ulong End);

/// <summary>virDomainBlockInfo: bytes.</summary>
public sealed record BlockInfo(ulong Capacity, ulong Allocation, ulong Physical);

/// <summary>virDomainBlockCommitFlags.</summary>
[Flags]
public enum BlockCommitFlags : uint { None = 0, Shallow = 1, Delete = 2, Active = 4, Relative = 8, BandwidthBytes = 16 }

/// <summary>virDomainBlockPullFlags / virDomainBlockRebaseFlags (the rebase-only bits are refused).</summary>
[Flags]
public enum BlockPullFlags : uint { None = 0, Shallow = 1, ReuseExternal = 2, CopyRaw = 4, Copy = 8, Relative = 16, CopyDev = 32, BandwidthBytes = 64 }

/// <summary>virDomainBlockJobInfoFlags / virDomainBlockJobSetSpeedFlags.</summary>
[Flags]
public enum BlockJobInfoFlags : uint { None = 0, BandwidthBytes = 1 }

/// <summary>virDomainBlockJobAbortFlags.</summary>
[Flags]
public enum BlockJobAbortFlags : uint { None = 0, Async = 1, Pivot = 2 }

/// <summary>virDomainBlockCopyFlags (REBASE_SHALLOW and REBASE_REUSE_EXT have the same bits).</summary>
[Flags]
public enum BlockCopyFlags : uint { None = 0, Shallow = 1, ReuseExternal = 2, TransientJob = 4, SynchronousWrites = 8 }

/// <summary>Where a block copy writes: a file or a block device, with its format (null: libvirt's default for the case).</summary>
public sealed record BlockCopyDestination(string Path, bool IsBlockDevice, Core.Domain.DiskFormat? Format);

/// <summary>The copy job's typed parameters: bandwidth in bytes/s, granularity and buf-size in bytes (0 = QEMU's default).</summary>
public sealed record BlockCopyTuning(ulong Bandwidth, uint Granularity, ulong BufSize)
{
    public static readonly BlockCopyTuning Default = new(0, 0, 0);
}
