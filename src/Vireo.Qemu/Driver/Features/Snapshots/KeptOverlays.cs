namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>What is known about one kept overlay when deletion looks at it again.</summary>
internal sealed record KeptOverlay(string Path, bool Exists, string? BackingFile);

/// <summary>The decision for the kept overlays: which files go now, and which ones stop being tracked.</summary>
internal sealed record KeptOverlaySweep(IReadOnlyList<string> Remove, IReadOnlyList<string> Forget);

/// <summary>
/// Overlays a snapshot delete had to keep (<see cref="MergeKind.Keep"/>: another snapshot or image still
/// read them) are remembered with the domain's snapshot metadata, because once that snapshot's metadata
/// is gone nothing else records that Vireo made them. After every later delete they are looked at again:
/// one that no snapshot names, no definition uses and no image reads any more holds only state nobody
/// can reach, so it is removed. Without this, deleting the snapshots of a branch a revert left behind
/// in the order parent-then-child leaves the parent's overlay on disk for ever. Never removed: an image
/// without a backing file (an overlay always has one, so that is a base image someone put there) and
/// anything still named or read. Pure.
/// </summary>
internal static class KeptOverlays
{
    public static KeptOverlaySweep Sweep(IEnumerable<KeptOverlay> kept, IReadOnlySet<string> named, IReadOnlyDictionary<string, string?> backingOf)
    {
        var read = backingOf.Values.OfType<string>().ToHashSet(StringComparer.Ordinal);
        var remove = new List<string>();
        var forget = new List<string>();
        foreach (var k in kept)
        {
            if (!k.Exists || k.BackingFile is null)
            {
                forget.Add(k.Path);
                continue;
            }
            if (named.Contains(k.Path) || read.Contains(k.Path)) continue;
            remove.Add(k.Path);
            forget.Add(k.Path);
        }
        return new KeptOverlaySweep(remove, forget);
    }
}
