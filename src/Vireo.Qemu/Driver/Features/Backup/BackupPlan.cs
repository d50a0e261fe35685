using System.Globalization;
using Vireo.Core.Backups;
using Vireo.Core.Checkpoints;
using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.Backup;

/// <summary>
/// One disk a backup copies: the guest disk, its active image, the file the copy goes to, and for an incremental
/// backup the bitmap of the checkpoint whose changes are copied.
/// </summary>
internal sealed record BackupDiskPlan(string Target, string SourcePath, string TargetPath, DiskFormat Format, string? IncrementalBitmap = null);

/// <summary>
/// A backup request resolved against the running domain's disks, as libvirt 9.0 resolves it: listed disks
/// must exist; unlisted ones are backed up unless they have no medium, are read-only or are not disks;
/// a push target defaults to "&lt;image&gt;.&lt;start time in seconds&gt;" in qcow2; an incremental disk needs its
/// checkpoint (from <paramref name="checkpoints"/>) to have a bitmap on it. The result is both the
/// work (<see cref="Disks"/>) and the job's description for backup-dumpxml. Pure: the caller checks files.
/// </summary>
internal sealed record BackupPlan(IReadOnlyList<BackupDiskPlan> Disks, DomainBackupDef Description)
{
    public static BackupPlan Resolve(DomainBackupDef request, DomainDef live, long startSeconds, IReadOnlyDictionary<string, DomainCheckpointDef> checkpoints)
    {
        if (request.Mode == BackupMode.Pull)
            throw VirErrors.OperationUnsupported("Vireo runs push-mode backups only; a pull-mode backup (an NBD export) is not supported", VirErrorDomain.Qemu);
        var requested = new Dictionary<string, BackupDiskDef>(StringComparer.Ordinal);
        foreach (var d in request.Disks ?? [])
        {
            if (!live.Devices.Disks.Any(x => x.Target.Dev == d.Name))
                throw VirErrors.Unsupported($"no disk named '{d.Name}'");
            if (!requested.TryAdd(d.Name, d))
                throw VirErrors.Unsupported($"disk '{d.Name}' specified twice");
        }

        var plans = new List<BackupDiskPlan>();
        var described = new List<BackupDiskDef>();
        foreach (var disk in live.Devices.Disks)
        {
            var name = disk.Target.Dev;
            requested.TryGetValue(name, out var asked);
            bool backup = asked?.Backup ?? (disk.Device == DiskDevice.Disk && disk.Source is not null && !disk.ReadOnly);
            if (!backup || disk.Source is null)
            {
                described.Add(new BackupDiskDef { Name = name, Backup = false });
                continue;
            }
            var incremental = asked?.DiskMode == BackupDiskMode.Full ? null : asked?.Incremental ?? request.Incremental;
            string? bitmap = null;
            if (incremental is not null)
            {
                var checkpoint = checkpoints.TryGetValue(incremental, out var c) ? c
                    : throw new VirException(VirErrorCode.NoDomainCheckpoint, VirErrorDomain.Qemu,
                        $"Checkpoint '{incremental}' for incremental backup of disk '{name}' not found");
                bitmap = checkpoint.Disks?.FirstOrDefault(d => d.Name == name && d.Checkpoint == CheckpointType.Bitmap)?.Bitmap
                    ?? throw VirErrors.Invalid($"missing or broken bitmap '{incremental}' for disk '{name}'", VirErrorDomain.Qemu);
            }
            if (asked?.Type == DiskType.Block)
                throw VirErrors.OperationUnsupported($"the backup target of disk '{name}' is a block device; Vireo backs up to files only", VirErrorDomain.Qemu);
            var path = asked?.TargetPath ?? $"{disk.Source.Path}.{startSeconds.ToString(CultureInfo.InvariantCulture)}";
            if (!Path.IsPathFullyQualified(path))
                throw VirErrors.InvalidArg($"the backup target '{path}' of disk '{name}' is not an absolute path", VirErrorDomain.Qemu);
            var format = asked?.Format ?? DiskFormat.Qcow2;
            plans.Add(new BackupDiskPlan(name, disk.Source.Path, path, format, bitmap));
            described.Add(new BackupDiskDef
            {
                Name = name, Backup = true, Type = DiskType.File, Format = format, TargetPath = path,
                DiskMode = incremental is null ? BackupDiskMode.Full : BackupDiskMode.Incremental, Incremental = incremental,
            });
        }
        if (plans.Count == 0)
            throw VirErrors.Unsupported("no disks selected for backup", VirErrorDomain.Qemu);
        return new BackupPlan(plans, new DomainBackupDef { Mode = BackupMode.Push, Incremental = request.Incremental, Disks = described });
    }
}
