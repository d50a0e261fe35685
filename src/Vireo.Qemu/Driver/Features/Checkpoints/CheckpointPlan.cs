using Vireo.Core.Checkpoints;
using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.Checkpoints;

/// <summary>
/// Which disks a new checkpoint covers, resolved against the running domain's disks as libvirt 9.0 does: with
/// no &lt;disks&gt; every writable disk with a medium gets a bitmap named after the checkpoint; with a list,
/// listed disks get one unless checkpoint='no' and unlisted disks get none. A bitmap must carry the
/// checkpoint's name and needs a qcow2 image. Returns every disk in the domain's order. Pure.
/// </summary>
internal static class CheckpointPlan
{
    public static IReadOnlyList<CheckpointDiskDef> Resolve(DomainCheckpointDef request, string name, DomainDef def)
    {
        var asked = new Dictionary<string, CheckpointDiskDef>(StringComparer.Ordinal);
        foreach (var d in request.Disks ?? [])
        {
            if (!def.Devices.Disks.Any(x => x.Target.Dev == d.Name))
                throw VirErrors.Unsupported($"no disk named '{d.Name}'", VirErrorDomain.DomainCheckpoint);
            if (!asked.TryAdd(d.Name, d))
                throw VirErrors.Unsupported($"disk '{d.Name}' specified twice", VirErrorDomain.DomainCheckpoint);
        }
        var disks = new List<CheckpointDiskDef>();
        foreach (var disk in def.Devices.Disks)
        {
            var target = disk.Target.Dev;
            CheckpointType type;
            if (asked.TryGetValue(target, out var a))
                type = a.Checkpoint ?? CheckpointType.Bitmap;
            else
                type = request.Disks is null && disk.Device == DiskDevice.Disk && disk.Source is not null && !disk.ReadOnly
                    ? CheckpointType.Bitmap : CheckpointType.No;
            if (type == CheckpointType.No)
            {
                disks.Add(new CheckpointDiskDef { Name = target, Checkpoint = CheckpointType.No });
                continue;
            }
            if (a?.Bitmap is { } bitmap && bitmap != name)
                throw VirErrors.Unsupported($"bitmap for disk '{target}' must match checkpoint name '{name}'", VirErrorDomain.Qemu);
            var format = disk.Driver?.Format ?? DiskFormat.Raw;
            if (format != DiskFormat.Qcow2 || disk.Source is null)
                throw VirErrors.Unsupported($"checkpoint for disk {target} unsupported for storage type {format.ToString().ToLowerInvariant()}", VirErrorDomain.Qemu);
            disks.Add(new CheckpointDiskDef { Name = target, Checkpoint = CheckpointType.Bitmap, Bitmap = name });
        }
        return disks;
    }
}
