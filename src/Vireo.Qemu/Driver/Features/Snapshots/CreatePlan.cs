using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Snapshots;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>One disk a snapshot switches to a new overlay: its current active image and the overlay.</summary>
internal sealed record DiskPlan(string Target, string CurrentTop, DiskFormat CurrentFormat, string Overlay, bool Reuse);

/// <summary>What a snapshot request means for this domain, decided before anything is touched.</summary>
internal sealed record CreatePlan(string Name, IReadOnlyList<DiskPlan> Disks, IReadOnlyList<SnapshotDiskDef> MetadataDisks);

/// <summary>The file-system facts the planner checks (a seam for tests; the real one asks the file system).</summary>
internal interface IPathFacts
{
    bool FileExists(string path);
    bool DirectoryExists(string path);
}

internal sealed class RealPathFacts : IPathFacts
{
    public static readonly RealPathFacts Instance = new();
    public bool FileExists(string path) => File.Exists(path) || Path.Exists(path);
    public bool DirectoryExists(string path) => Directory.Exists(path);
}

/// <summary>
/// Turns a &lt;domainsnapshot&gt; request into per-disk steps with libvirt's rules (qemuSnapshotPrepare):
/// disk-only external snapshots only; every writable disk with a medium is included unless the request
/// says snapshot='no'; overlay names from &lt;source file&gt; or libvirt's default; without REUSE_EXT an
/// overlay must not exist, with it it must. Every refusal names the disk and the file. Pure.
/// </summary>
internal static class CreatePlanner
{
    public static CreatePlan Plan(DomainSnapshotDef request, string name, DomainDef def, SnapshotCreateFlags flags, IPathFacts files)
    {
        CheckMemory(request, flags, def.Name);
        bool reuse = flags.HasFlag(SnapshotCreateFlags.ReuseExternal);
        var requested = MatchRequestedDisks(request, def);
        var plans = new List<DiskPlan>();
        var metadata = new List<SnapshotDiskDef>();
        var overlays = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var disk in def.Devices.Disks)
        {
            var target = disk.Target.Dev;
            requested.TryGetValue(target, out var ask);
            var location = ask?.Snapshot ?? DefaultLocation(disk);
            if (location == SnapshotLocation.No)
            {
                metadata.Add(new SnapshotDiskDef { Name = target, Snapshot = SnapshotLocation.No });
                continue;
            }
            if (location is SnapshotLocation.Internal or SnapshotLocation.Manual)
                throw VirErrors.Unsupported($"snapshot '{name}' of domain '{def.Name}': disk '{target}' asks for a{(location == SnapshotLocation.Internal ? "n internal" : " manual")} snapshot; Vireo takes external snapshots only (snapshot='external', or 'no' to leave the disk out)");
            var source = disk.Source?.Path;
            if (disk.Source is null || string.IsNullOrEmpty(source))
                throw VirErrors.Unsupported($"snapshot '{name}' of domain '{def.Name}': disk '{target}' has no medium to snapshot; leave it out with snapshot='no'");
            if (disk.ReadOnly)
                throw VirErrors.Unsupported($"snapshot '{name}' of domain '{def.Name}': disk '{target}' is read-only and never changes; leave it out with snapshot='no'");
            var format = ask?.DriverFormat ?? DiskFormat.Qcow2;
            if (format != DiskFormat.Qcow2)
                throw VirErrors.Unsupported($"external snapshot format for disk {target} is unsupported: {format.ToString().ToLowerInvariant()}; an overlay must be qcow2 to have a backing image");
            if (ask?.Type == DiskType.Block)
                throw VirErrors.Unsupported($"snapshot '{name}' of domain '{def.Name}': disk '{target}' asks for an overlay on a block device; Vireo creates overlays as files");
            var overlay = ask?.SourceFile ?? OverlayNames.Default(source, name);
            if (!Path.IsPathRooted(overlay))
                throw VirErrors.Unsupported($"the overlay of disk {target} must be an absolute path, not '{overlay}'");
            overlay = Path.GetFullPath(overlay);
            // libvirt's first word on a file that is there already, even when it is the disk's own image.
            if (!reuse && files.FileExists(overlay))
                throw VirErrors.Unsupported($"external snapshot file for disk {target} already exists and is not a block device: {overlay}");
            if (DiskChainPaths(disk).Contains(overlay))
                throw VirErrors.Unsupported($"cannot use '{overlay}' as the overlay of disk {target}: the disk already uses that image; name another file with --diskspec {target},file=PATH");
            if (overlays.TryGetValue(overlay, out var other))
                throw VirErrors.Unsupported($"disks {other} and {target} would both get the overlay '{overlay}'; give each its own file with --diskspec");
            overlays[overlay] = target;
            if (reuse && !files.FileExists(overlay))
                throw VirErrors.Invalid($"missing existing file for disk {target}: {overlay} (--reuse-external uses overlays that already exist)", VirErrorDomain.Qemu);
            if (!reuse && !files.DirectoryExists(Path.GetDirectoryName(overlay)!))
                throw VirErrors.Invalid($"cannot create the overlay of disk {target}: directory '{Path.GetDirectoryName(overlay)}' does not exist", VirErrorDomain.Qemu);
            plans.Add(new DiskPlan(target, source!, disk.Driver?.Format ?? DiskFormat.Raw, overlay, reuse));
            metadata.Add(new SnapshotDiskDef { Name = target, Snapshot = SnapshotLocation.External, Type = DiskType.File, DriverFormat = DiskFormat.Qcow2, SourceFile = overlay });
        }
        if (plans.Count == 0)
            throw VirErrors.Invalid($"nothing selected for snapshot '{name}' of domain '{def.Name}': every disk is left out", VirErrorDomain.Qemu);
        return new CreatePlan(name, plans, metadata);
    }

    /// <summary>libvirt's default: disks with a writable medium are snapshotted, cdroms, floppies and read-only disks are not.</summary>
    private static SnapshotLocation DefaultLocation(DiskDef d) =>
        d.Device is DiskDevice.Cdrom or DiskDevice.Floppy || d.ReadOnly || d.Source is null ? SnapshotLocation.No : SnapshotLocation.External;

    private static HashSet<string> DiskChainPaths(DiskDef d) =>
        BlockJobs.DiskChain.Layers(d).Select(l => l.Path).ToHashSet(StringComparer.Ordinal);

    private static void CheckMemory(DomainSnapshotDef request, SnapshotCreateFlags flags, string domain)
    {
        if (request.Memory is { Snapshot: SnapshotLocation.Internal or SnapshotLocation.External })
            throw VirErrors.Unsupported($"snapshot of domain '{domain}': saving the guest's memory is not supported by Vireo; take a disk-only snapshot (--disk-only, or <memory snapshot='no'/>)");
        bool diskOnly = flags.HasFlag(SnapshotCreateFlags.DiskOnly) || request.Memory?.Snapshot == SnapshotLocation.No;
        if (!diskOnly)
            throw VirErrors.Unsupported($"snapshot of domain '{domain}': Vireo takes external disk-only snapshots; pass --disk-only (internal and memory snapshots are not supported)");
    }

    /// <summary>The request's &lt;disk&gt; entries by target; a name is a target or a disk's image path.</summary>
    private static Dictionary<string, SnapshotDiskDef> MatchRequestedDisks(DomainSnapshotDef request, DomainDef def)
    {
        var result = new Dictionary<string, SnapshotDiskDef>(StringComparer.Ordinal);
        foreach (var ask in request.Disks ?? [])
        {
            var disk = BlockJobs.DiskChain.Find(def, ask.Name)
                ?? throw VirErrors.Unsupported($"no disk named '{ask.Name}' in domain '{def.Name}'; its disks are {string.Join(", ", def.Devices.Disks.Select(d => d.Target.Dev))}");
            if (!result.TryAdd(disk.Target.Dev, ask))
                throw VirErrors.Unsupported($"disk '{ask.Name}' is specified twice in the snapshot request");
        }
        return result;
    }
}
