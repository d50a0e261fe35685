using Vireo.Core.Domain;

namespace Vireo.Core.Backups;

/// <summary>
/// &lt;domainbackup&gt;: what a backup job copies and where. As a request, every part is optional (libvirt fills
/// defaults per disk); as the running job's description (backup-dumpxml), every disk is spelled out.
/// </summary>
public sealed record DomainBackupDef
{
    /// <summary>mode='push' (QEMU writes the copy) or 'pull' (an NBD export the client reads); null: push.</summary>
    public BackupMode? Mode { get; init; }

    /// <summary>&lt;incremental&gt;: the checkpoint whose changes are copied (null: a full backup).</summary>
    public string? Incremental { get; init; }

    /// <summary>Null when &lt;disks&gt; is absent (every disk is backed up with the defaults).</summary>
    public IReadOnlyList<BackupDiskDef>? Disks { get; init => field = value is null ? null : ValueList.From(value); }
}

/// <summary>libvirt's backup modes.</summary>
public enum BackupMode { Push, Pull }

/// <summary>backupmode='full|incremental' on a disk.</summary>
public enum BackupDiskMode { Full, Incremental }

/// <summary>One &lt;disk&gt; of a backup: the guest disk by target name, and (push mode) the file it is copied to.</summary>
public sealed record BackupDiskDef
{
    public required string Name { get; init; }

    /// <summary>backup='yes|no'; null: yes.</summary>
    public bool? Backup { get; init; }

    /// <summary>type='file|block' of the target.</summary>
    public DiskType? Type { get; init; }

    public BackupDiskMode? DiskMode { get; init; }

    /// <summary>incremental='CHECKPOINT' on the disk (set on output for an incremental backup).</summary>
    public string? Incremental { get; init; }

    /// <summary>&lt;driver type&gt;: the target's image format.</summary>
    public DiskFormat? Format { get; init; }

    /// <summary>&lt;target file|dev&gt;.</summary>
    public string? TargetPath { get; init; }
}
