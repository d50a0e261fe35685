using Vireo.Core.Snapshots;
using Vireo.Qemu.Driver.Features.BlockJobs;

namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>What deleting a snapshot does to one of its disks.</summary>
internal enum MergeKind
{
    /// <summary>Nothing to do with files (the overlay is already gone, or the snapshot has no image for this disk).</summary>
    None,

    /// <summary>The overlay's data goes down into the snapshot's image, images above the overlay are re-pointed at it, the overlay file is removed.</summary>
    CommitDown,

    /// <summary>The overlay is used by nothing any more (a branch a revert left behind): its file is removed.</summary>
    DropOverlay,

    /// <summary>The files stay: another branch still reads the snapshot's image, and the overlay is still in use.</summary>
    Keep,
}

/// <summary>The decision for one disk: the snapshot's image (Base), its overlay, the images backed by the overlay, and why.</summary>
internal sealed record DiskMerge(string Target, MergeKind Kind, string Base, string Overlay, IReadOnlyList<string> OverlayDependents, string Reason);

/// <summary>
/// The merge rules of snapshot deletion. A snapshot S of a disk is a pair: its image B (frozen when S was
/// taken; S's state) and its overlay O (created on top of B). Deleting S forgets state B:
/// <list type="bullet">
/// <item>when only O reads B (no revert branched off B, no other snapshot uses B) O is committed into B
/// and O is removed: B then holds what O held, so every image and snapshot that used O uses B instead;</item>
/// <item>when something else still reads B (a revert made a branch on it) B must stay as it is: O stays
/// too if anything still reads it (it is active, or has images or snapshots on it), else O is a dead
/// branch and goes.</item>
/// </list>
/// Nothing still referenced is ever removed or changed. <paramref name="backingOf"/> maps every existing image
/// the domain uses (current chains, every snapshot's images) to its backing file. Pure.
/// </summary>
internal static class DeletePlanner
{
    public static IReadOnlyList<DiskMerge> Plan(SnapshotSet set, string name, IReadOnlyDictionary<string, string?> backingOf, IReadOnlySet<string> activeImages)
    {
        var s = set.Get(name);
        var result = new List<DiskMerge>();
        foreach (var d in (s.Disks ?? []).Where(d => d.Snapshot == SnapshotLocation.External && d.SourceFile is not null))
        {
            var overlay = d.SourceFile!;
            var baseImage = BaseOf(s, d.Name);
            if (baseImage is null)
            {
                result.Add(new DiskMerge(d.Name, MergeKind.None, "", overlay, [], "the snapshot does not record the disk's image"));
                continue;
            }
            if (!backingOf.ContainsKey(overlay))
            {
                result.Add(new DiskMerge(d.Name, MergeKind.None, baseImage, overlay, [], $"its overlay '{overlay}' no longer exists"));
                continue;
            }
            var readersOfBase = backingOf.Where(kv => kv.Value == baseImage).Select(kv => kv.Key).ToList();
            var readersOfOverlay = backingOf.Where(kv => kv.Value == overlay).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            var otherSnapshotsOnBase = set.ByName.Values.Where(x => x.Name != name && BaseOf(x, d.Name) == baseImage).Select(x => x.Name!).ToList();
            if (readersOfBase.Count == 1 && readersOfBase[0] == overlay && otherSnapshotsOnBase.Count == 0)
            {
                result.Add(new DiskMerge(d.Name, MergeKind.CommitDown, baseImage, overlay, readersOfOverlay, "only the overlay reads the snapshot's image"));
                continue;
            }
            var why = otherSnapshotsOnBase.Count > 0
                ? $"snapshot{(otherSnapshotsOnBase.Count > 1 ? "s" : "")} {string.Join(", ", otherSnapshotsOnBase.Select(n => $"'{n}'"))} also use '{baseImage}'"
                : $"'{baseImage}' is also the backing file of {string.Join(", ", readersOfBase.Where(r => r != overlay).Select(r => $"'{r}'"))}";
            bool overlayUsed = activeImages.Contains(overlay) || readersOfOverlay.Count > 0 ||
                               set.ByName.Values.Any(x => x.Name != name && BaseOf(x, d.Name) == overlay);
            result.Add(overlayUsed
                ? new DiskMerge(d.Name, MergeKind.Keep, baseImage, overlay, readersOfOverlay, $"{why}, and '{overlay}' is still in use; both files stay")
                : new DiskMerge(d.Name, MergeKind.DropOverlay, baseImage, overlay, [], $"{why}; nothing reads '{overlay}' any more, so it is removed"));
        }
        return result;
    }

    /// <summary>The image a snapshot froze for a disk: that disk's source in the snapshot's &lt;domain&gt;.</summary>
    public static string? BaseOf(DomainSnapshotDef s, string target) =>
        s.Domain is { } def ? DiskChain.Find(def, target)?.Source?.Path : null;

    /// <summary>Every image a domain's snapshots name (their frozen images and overlays).</summary>
    public static IEnumerable<string> ImagesOf(SnapshotSet set) =>
        set.ByName.Values.SelectMany(s =>
            (s.Disks ?? []).Where(d => d.SourceFile is not null).Select(d => d.SourceFile!)
                .Concat(s.Domain?.Devices.Disks.SelectMany(DiskChain.Layers).Select(l => l.Path) ?? []));
}
