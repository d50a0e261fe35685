using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Snapshots;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Drivers.Storage;
using Vireo.Qemu.CommandLine;
using Vireo.Qemu.Driver.Features.BlockJobs;

namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>
/// snapshot-revert to an external disk-only snapshot. The snapshot's images are never written to: each
/// disk gets a new overlay on top of its snapshot image ("IMAGE-STEM.SNAP-revertN"), and the domain's
/// configuration becomes the one the snapshot recorded, with those overlays. Images later snapshots
/// still use stay, so every snapshot remains revertible; only the previous active overlay goes when no
/// snapshot names it (its data is what a revert discards). A running guest is stopped first
/// (STOPPED/FROM_SNAPSHOT); with --running or --paused it starts again on the reverted disks
/// (STARTED/FROM_SNAPSHOT), else it stays shut off, as for any disk-only snapshot in libvirt.
/// Caller holds the domain's job.
/// </summary>
internal sealed class SnapshotReverter(DriverContext ctx, SnapshotFiles files)
{
    public async Task RevertAsync(DomainObject dom, string name, SnapshotRevertFlags flags, CancellationToken ct)
    {
        var set = files.Load(dom.Name);
        var snapshot = set.Get(name);
        var recorded = snapshot.InactiveDomain ?? snapshot.Domain
            ?? throw VirErrors.Unsupported($"snapshot '{name}' of domain '{dom.Name}' records no domain definition, so there is nothing to revert to", VirErrorDomain.DomainSnapshot);
        if (!dom.IsPersistent)
            throw VirErrors.Invalid($"cannot revert transient domain '{dom.Name}' to snapshot '{name}': define it first", VirErrorDomain.DomainSnapshot);
        var disks = (snapshot.Disks ?? []).Where(d => d.Snapshot == SnapshotLocation.External).Select(d => d.Name).ToList();
        var bases = disks.ToDictionary(t => t, t => DeletePlanner.BaseOf(snapshot, t)
            ?? throw VirErrors.Unsupported($"snapshot '{name}' does not record the image of disk {t}"), StringComparer.Ordinal);
        // Read every chain before anything changes: a missing image fails the revert while nothing is touched.
        var below = bases.ToDictionary(kv => kv.Key, kv => OfflineSnapshot.ReadChain(kv.Value, kv.Key, dom.Name), StringComparer.Ordinal);
        var oldTops = SnapshotImages.ActiveImages(dom);

        if (dom.Handle is GuestProcess guest) await StopAsync(dom, guest).ConfigureAwait(false);

        var created = new List<string>();
        DomainDef reverted;
        try
        {
            // A snapshot of a running guest recorded its live XML: the aliases a start gave are not saved.
            reverted = DeviceAliases.KeepUserAliases(recorded) with { Name = dom.Persistent!.Name, Uuid = dom.Persistent.Uuid };
            foreach (var (target, chain) in below)
            {
                var top = chain[0];
                var overlay = OverlayNames.ForRevert(top.Path, name, Path.Exists);
                Qcow2Overlay.Create(overlay, top.Header.VirtualSize, top.Path, QemuImg.FormatName(top.Header.Format));
                created.Add(overlay);
                IReadOnlyList<ImageRef> layers = [new ImageRef(overlay, DiskFormat.Qcow2), .. chain.Select(l => new ImageRef(l.Path, l.Header.Format))];
                reverted = DiskChain.ReplaceDisk(reverted, target, d => DiskChain.WithLayers(d, layers));
            }
            await DefinitionUpdates.SaveAsync(ctx, dom, null, reverted, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or VirException or UnauthorizedAccessException)
        {
            foreach (var file in created) File.Delete(file);
            throw new VirException(e is VirException v ? v.Code : VirErrorCode.OperationFailed, VirErrorDomain.DomainSnapshot,
                $"revert of domain '{dom.Name}' to snapshot '{name}' failed, its disks were not switched: {(e as VirException)?.Detail ?? e.Message}", e);
        }
        ctx.Events.Publish(new LifecycleEvent(dom.Ref, LifecycleEventType.Defined, (int)DefinedDetail.FromSnapshot));
        DropUnreferenced(dom, set, oldTops, reverted);
        var current = set.WithCurrent(name);
        await files.SaveAsync(set, current, ct).ConfigureAwait(false);
        await new KeptOverlayRemover(ctx, files).RemoveUnusedAsync(dom, current, ct).ConfigureAwait(false);
        ctx.Log.LogInformation("Domain {Name}: reverted to snapshot {Snapshot}", dom.Name, name);

        if ((flags & (SnapshotRevertFlags.Running | SnapshotRevertFlags.Paused)) != 0)
        {
            var start = flags.HasFlag(SnapshotRevertFlags.Paused) ? CreateFlags.StartPaused : CreateFlags.None;
            await new StartSequence(ctx).RunAsync(dom, reverted, start, ct, fromSnapshot: true).ConfigureAwait(false);
        }
        else
        {
            // libvirt: a domain left shut off by a revert is "shut off (from snapshot)".
            var state = StateWithReason.Of(ShutoffReason.FromSnapshot);
            dom.SetInactive(state);
            await ctx.Store.SaveStoppedAsync(dom.Name, state, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the guest as a revert does (libvirt: STOPPED/FROM_SNAPSHOT) and waits until it is gone.</summary>
    public async Task StopAsync(DomainObject dom, GuestProcess guest)
    {
        guest.State.IntendStop(ShutoffReason.FromSnapshot);
        await guest.Process.TerminateAsync(ctx.Options.DestroyGracePeriod).ConfigureAwait(false);
        await guest.Ended.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        ctx.Log.LogInformation("Domain {Name}: stopped for a snapshot operation", dom.Name);
    }

    /// <summary>
    /// The overlays the domain wrote to before the revert, unless a snapshot or the reverted chains still
    /// name them: their data is what the revert discards, and nothing can ever read them again.
    /// </summary>
    private void DropUnreferenced(DomainObject dom, SnapshotSet set, IReadOnlySet<string> oldTops, DomainDef reverted)
    {
        var named = new HashSet<string>(DeletePlanner.ImagesOf(set), StringComparer.Ordinal);
        foreach (var layer in reverted.Devices.Disks.SelectMany(DiskChain.Layers)) named.Add(layer.Path);
        var readers = SnapshotImages.BackingMap(dom, set);
        foreach (var top in oldTops.Where(t => !named.Contains(t) && File.Exists(t)))
        {
            // Only overlays nothing reads: a base image (no backing file of its own) is never removed.
            if (readers.Values.Contains(top) || ImageHeaderReader.Read(top).BackingFile is null) continue;
            File.Delete(top);
            ctx.Log.LogInformation("Domain {Name}: removed {Overlay}, which no snapshot uses after the revert", dom.Name, top);
        }
    }
}
