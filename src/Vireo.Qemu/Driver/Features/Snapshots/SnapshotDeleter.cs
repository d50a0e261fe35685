using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Drivers.Storage;
using Vireo.Qemu.Driver.Features.BlockJobs;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>
/// snapshot-delete: merges each disk's overlay back as <see cref="DeletePlanner"/> decides. On a running
/// guest the merge is a QMP block-commit (active commit + pivot when the overlay is the active image,
/// an intermediate commit otherwise); on images no QEMU has open it is qemu-img commit, then qemu-img
/// rebase of the images above. After each disk the definitions and the other snapshots that named the
/// overlay are rewritten to name the merged image; then the snapshot's metadata goes, its children move
/// up to its parent, and its parent becomes current if it was. Caller holds the domain's job.
/// </summary>
internal sealed class SnapshotDeleter(DriverContext ctx, SnapshotFiles files)
{
    private static readonly TimeSpan MergeTimeout = TimeSpan.FromMinutes(30);

    public async Task DeleteAsync(DomainObject dom, string name, SnapshotDeleteFlags flags, CancellationToken ct)
    {
        var set = files.Load(dom.Name);
        set.Get(name);
        var order = new List<string>();
        if (flags.HasFlag(SnapshotDeleteFlags.Children) || flags.HasFlag(SnapshotDeleteFlags.ChildrenOnly))
            order.AddRange(set.Descendants(name).Select(s => s.Name!).OrderByDescending(n => Depth(set, n)).ThenBy(n => n, StringComparer.Ordinal));
        if (!flags.HasFlag(SnapshotDeleteFlags.ChildrenOnly)) order.Add(name);
        foreach (var n in order)
            set = await DeleteOneAsync(dom, set, n, flags.HasFlag(SnapshotDeleteFlags.MetadataOnly), ct).ConfigureAwait(false);
    }

    private async Task<SnapshotSet> DeleteOneAsync(DomainObject dom, SnapshotSet set, string name, bool metadataOnly, CancellationToken ct)
    {
        if (!metadataOnly)
        {
            var plan = DeletePlanner.Plan(set, name, SnapshotImages.BackingMap(dom, set), SnapshotImages.ActiveImages(dom));
            foreach (var merge in plan)
            {
                ctx.Log.LogInformation("Domain {Name}: deleting snapshot {Snapshot}, disk {Disk}: {Kind} ({Reason})", dom.Name, name, merge.Target, merge.Kind, merge.Reason);
                switch (merge.Kind)
                {
                    case MergeKind.CommitDown:
                        var merged = await CommitDownAsync(dom, merge, ct).ConfigureAwait(false);
                        var before = set;
                        foreach (var other in set.ByName.Values.Where(s => s.Name != name))
                        {
                            var moved = SnapshotImages.Repoint(other, merge.Target, merge.Overlay, merged);
                            if (!ReferenceEquals(moved, other) && moved != other) set = set.With(moved);
                        }
                        await files.SaveAsync(before, set, ct).ConfigureAwait(false);
                        break;
                    case MergeKind.DropOverlay:
                        File.Delete(merge.Overlay);
                        break;
                    case MergeKind.Keep when !merge.Overlay.Contains('\n'):
                        // Recorded before the snapshot's metadata goes: after that nothing else says Vireo made it.
                        var unrecorded = set;
                        set = set.WithKept([merge.Overlay]);
                        await files.SaveAsync(unrecorded, set, ct).ConfigureAwait(false);
                        break;
                }
            }
        }
        else if (!set.Kept.IsEmpty)
        {
            // The caller keeps the snapshot's files and may still use them with the kept overlays below them:
            // Vireo can no longer tell what reads those, so it stops tracking them rather than ever remove one.
            var tracked = set;
            set = set.WithoutKept(set.Kept);
            await files.SaveAsync(tracked, set, ct).ConfigureAwait(false);
        }
        var snapshot = set.Get(name);
        var after = set.Without(name);
        foreach (var child in set.Children(name))
            after = after.With(child with { Parent = snapshot.Parent });
        if (set.Current == name) after = after.WithCurrent(snapshot.Parent);
        await files.SaveAsync(set, after, ct).ConfigureAwait(false);
        return metadataOnly ? after : await new KeptOverlayRemover(ctx, files).RemoveUnusedAsync(dom, after, ct).ConfigureAwait(false);
    }

    /// <summary>Merges the overlay into the snapshot's image; returns the chain that now starts at the image.</summary>
    private async Task<IReadOnlyList<ImageRef>> CommitDownAsync(DomainObject dom, DiskMerge merge, CancellationToken ct)
    {
        if (dom.Handle is GuestProcess guest)
        {
            var monitor = guest.RequireMonitor();
            var graphs = await BlockGraph.ReadAsync(monitor, guest.DiskDevices, ct).ConfigureAwait(false);
            if (graphs.TryGetValue(merge.Target, out var graph) && graph.IndexOf(merge.Overlay) is var at and >= 0)
                return await CommitLiveAsync(dom, guest, graph, at, merge, ct).ConfigureAwait(false);
        }
        return await CommitOfflineAsync(dom, merge, ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ImageRef>> CommitLiveAsync(DomainObject dom, GuestProcess guest, DiskGraph graph, int at, DiskMerge merge, CancellationToken ct)
    {
        if (at + 1 >= graph.Layers.Count || graph.Layers[at + 1].Path != merge.Base)
            throw VirErrors.Internal($"disk {merge.Target} of domain '{dom.Name}' runs '{merge.Overlay}' on '{(at + 1 < graph.Layers.Count ? graph.Layers[at + 1].Path : "nothing")}', not on the snapshot's image '{merge.Base}'; nothing was merged");
        var monitor = guest.RequireMonitor();
        var tracker = GuestAccess.Tracker(ctx, dom, guest);
        bool active = at == 0;
        var job = tracker.Add(merge.Target, active ? BlockJobType.ActiveCommit : BlockJobType.Commit, graph.Top.Path);
        var what = $"cannot merge '{merge.Overlay}' into '{merge.Base}' (disk {merge.Target} of domain '{dom.Name}')";
        try
        {
            await GuestAccess.RunAsync(monitor, QmpCommands.BlockCommit(job.JobId, graph.Top.NodeName, graph.Layers[at + 1].NodeName,
                active ? null : graph.Layers[at].NodeName), what, ct).ConfigureAwait(false);
        }
        catch
        {
            tracker.Remove(job);
            throw;
        }
        if (active)
        {
            // Active commit: QEMU mirrors new writes while it copies; at READY both images hold the same data
            // and block-job-complete switches the disk to the base in one step.
            await job.Ready.Task.WaitAsync(MergeTimeout, ct).ConfigureAwait(false);
            if (job.Ended.Task.IsCompleted) throw Failed(what, await job.Ended.Task.ConfigureAwait(false));
            await GuestAccess.RunAsync(monitor, QmpCommands.BlockJobComplete(job.JobId), what, ct).ConfigureAwait(false);
        }
        var end = await job.Ended.Task.WaitAsync(MergeTimeout, ct).ConfigureAwait(false);
        if (end.Status != BlockJobStatus.Completed) throw Failed(what, end);

        var after = (await BlockGraph.ReadAsync(monitor, guest.DiskDevices, ct).ConfigureAwait(false))[merge.Target];
        var chain = after.Layers.Select(l => new ImageRef(l.Path, l.Format)).ToList();
        await DefinitionUpdates.ApplyAsync(ctx, dom, new Dictionary<string, IReadOnlyList<ImageRef>> { [merge.Target] = chain }, ct).ConfigureAwait(false);
        await DefinitionUpdates.ReleaseNodesAsync(ctx, monitor, dom.Name, graph.Layers.Where(l => after.IndexOf(l.Path) < 0)).ConfigureAwait(false);
        File.Delete(merge.Overlay);
        var baseAt = after.IndexOf(merge.Base);
        return chain.Skip(Math.Max(0, baseAt)).ToList();
    }

    private async Task<IReadOnlyList<ImageRef>> CommitOfflineAsync(DomainObject dom, DiskMerge merge, CancellationToken ct)
    {
        var baseFormat = ImageHeaderReader.Read(merge.Base).Format;
        await QemuImg.CommitAsync(merge.Overlay, merge.Base, ct).ConfigureAwait(false);
        foreach (var reader in merge.OverlayDependents)
            await QemuImg.RebaseUnsafeAsync(reader, merge.Base, baseFormat, ct).ConfigureAwait(false);
        File.Delete(merge.Overlay);
        var merged = SnapshotImages.ChainOf(merge.Base, merge.Target, dom.Name);
        // A persistent disk whose chain held the overlay now runs on the merged image.
        if (dom.Persistent is { } persistent && DiskChain.Find(persistent, merge.Target) is { } disk &&
            DiskChain.Layers(disk).Any(l => l.Path == merge.Overlay))
        {
            var top = disk.Source!.Path == merge.Overlay ? merge.Base : disk.Source.Path;
            var chain = SnapshotImages.ChainOf(top, merge.Target, dom.Name);
            var updated = DiskChain.ReplaceDisk(persistent, merge.Target, d => DiskChain.WithLayers(d, chain));
            await DefinitionUpdates.SaveAsync(ctx, dom, null, updated, ct).ConfigureAwait(false);
        }
        return merged;
    }

    private static VirException Failed(string what, BlockJobEnd end) =>
        VirErrors.Failed($"{what}: the block job {(end.Status == BlockJobStatus.Canceled ? "was cancelled" : $"failed: {end.Error}")}");

    private static int Depth(SnapshotSet set, string name)
    {
        int depth = 0;
        for (var p = set.Get(name).Parent; p is not null && set.ByName.TryGetValue(p, out var parent); p = parent.Parent) depth++;
        return depth;
    }
}
