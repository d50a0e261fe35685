using Microsoft.Extensions.Logging;
using Vireo.Drivers.Runtime;
using Vireo.Drivers.Storage;

namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>
/// Applies <see cref="KeptOverlays.Sweep"/> to a domain: reads each kept overlay's header, removes the
/// ones nothing uses any more and saves the shorter list. Run after a snapshot delete and after a revert
/// (a revert drops the overlay the guest wrote to, which may have been the last reader of a kept one).
/// Caller holds the domain's job.
/// </summary>
internal sealed class KeptOverlayRemover(DriverContext ctx, SnapshotFiles files)
{
    /// <summary>
    /// Best effort: the delete or revert that called it has already succeeded, so a file that cannot be
    /// removed (or a list that cannot be saved) is logged and left for the next sweep, never reported as
    /// that operation's failure.
    /// </summary>
    public async Task<SnapshotSet> RemoveUnusedAsync(DomainObject dom, SnapshotSet set, CancellationToken ct)
    {
        if (set.Kept.IsEmpty) return set;
        var named = new HashSet<string>(DeletePlanner.ImagesOf(set), StringComparer.Ordinal);
        named.UnionWith(SnapshotImages.DefinitionImages(dom));
        var sweep = KeptOverlays.Sweep(set.Kept.Select(Describe), named, SnapshotImages.BackingMap(dom, set));
        // Files first, then the list: a crash in between leaves a name whose file is gone, which the next sweep forgets.
        var forget = new List<string>(sweep.Forget);
        foreach (var path in sweep.Remove)
        {
            try
            {
                File.Delete(path);
                ctx.Log.LogInformation("Domain {Name}: removed {Overlay}, kept by an earlier snapshot delete, which nothing uses any more", dom.Name, path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                forget.Remove(path);
                ctx.Log.LogWarning("Domain {Name}: {Overlay} is no longer used by any snapshot, but it cannot be removed ({Error}); the next snapshot delete tries again", dom.Name, path, e.Message);
            }
        }
        var after = set.WithoutKept(forget);
        try
        {
            await files.SaveAsync(set, after, ct).ConfigureAwait(false);
            return after;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ctx.Log.LogWarning("Domain {Name}: the list of kept snapshot overlays cannot be saved ({Error}); it is kept as it was", dom.Name, e.Message);
            return set;
        }
    }

    private static KeptOverlay Describe(string path)
    {
        if (!File.Exists(path)) return new KeptOverlay(path, false, null);
        try
        {
            return new KeptOverlay(path, true, ImageHeaderReader.Read(path).BackingFile);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // Unreadable: not something Vireo can show to be its own overlay, so it is never removed.
            return new KeptOverlay(path, true, null);
        }
    }
}
