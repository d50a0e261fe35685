using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.BlockJobs;

/// <summary>
/// blockcopy as libvirt 9 does it with -blockdev: the destination image is made (unless reused), opened as a
/// block node of its own (with the source's backing for --shallow) and mirrored into with blockdev-mirror; the
/// live XML shows &lt;mirror&gt; until the job ends. Pivot (block-job-complete) switches the disk to the copy
/// and records the new chain; abort (block-job-cancel) keeps the original and closes the copy. Every failed
/// step undoes the ones before it.
/// </summary>
internal sealed partial class QemuBlockJobs
{
    public async ValueTask CopyAsync(Guid uuid, string disk, BlockCopyDestination destination, BlockCopyTuning tuning, BlockCopyFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, 15, "qemuDomainBlockCopy");
        if (tuning.Granularity != 0 && (tuning.Granularity & (tuning.Granularity - 1)) != 0)
            throw VirErrors.InvalidArg("granularity must be power of 2", VirErrorDomain.Qemu);
        var dom = ctx.Registry.GetByUuid(uuid);
        using var lease = await GuestAccess.AcquireAsync(ctx, dom, "blockcopy", ct).ConfigureAwait(false);
        var guest = GuestAccess.Running(dom);
        // libvirt cannot bring a mirror back after the guest restarts, so a persistent domain must accept that the job is lost then.
        if (dom.IsPersistent && !flags.HasFlag(BlockCopyFlags.TransientJob))
            throw VirErrors.Invalid("domain is not transient", VirErrorDomain.Qemu);
        var (target, graph) = await GraphOfAsync(dom, guest, disk, ct).ConfigureAwait(false);
        var tracker = GuestAccess.Tracker(ctx, dom, guest);
        if (tracker.Find(target) is { } existing)
            throw ActiveJob(existing);

        var path = Path.GetFullPath(destination.Path);
        bool reuse = flags.HasFlag(BlockCopyFlags.ReuseExternal);
        var format = destination.Format ?? (reuse ? await ProbedFormatAsync(path, target, ct).ConfigureAwait(false) : graph.Top.Format);
        var backing = flags.HasFlag(BlockCopyFlags.Shallow) && graph.Layers.Count > 1 ? graph.Layers[1] : null;
        if (backing is not null && format == DiskFormat.Raw)
            throw VirErrors.Unsupported($"a shallow copy of disk '{target}' keeps its backing image, which a raw destination cannot name; use the qcow2 format", VirErrorDomain.Qemu);
        bool created = reuse ? false : await CreateDestinationAsync(target, path, destination.IsBlockDevice, format, graph.Top.VirtualSize,
            backing is null ? null : new ImageRef(backing.Path, backing.Format), ct).ConfigureAwait(false);

        var monitor = guest.RequireMonitor();
        var node = await FreeCopyNodeNameAsync(monitor, target, ct).ConfigureAwait(false);
        try
        {
            await Libvirt(monitor, QmpCommands.BlockdevAddCopyTarget(node, path, destination.IsBlockDevice, format == DiskFormat.Qcow2, backing?.NodeName), ct).ConfigureAwait(false);
        }
        catch
        {
            if (created) File.Delete(path);
            throw;
        }

        var job = TrackCopy(dom, guest, tracker, target, graph, node);
        var mirror = new DiskMirrorDef(destination.IsBlockDevice ? DiskType.Block : DiskType.File, path, format);
        try
        {
            await SetMirrorAsync(dom, target, _ => mirror, ct).ConfigureAwait(false);
            await Libvirt(monitor, QmpCommands.BlockdevMirror(job.JobId, graph.Top.NodeName, node, topOnly: backing is not null,
                tuning.Bandwidth == 0 ? null : (long)Math.Min(tuning.Bandwidth, long.MaxValue), tuning.Granularity, tuning.BufSize,
                flags.HasFlag(BlockCopyFlags.SynchronousWrites)), ct).ConfigureAwait(false);
        }
        catch
        {
            tracker.Remove(job);
            await SetMirrorAsync(dom, target, _ => null, CancellationToken.None).ConfigureAwait(false);
            await DeleteNodeAsync(monitor, dom.Name, node).ConfigureAwait(false);
            if (created) File.Delete(path);
            throw;
        }
        ctx.Log.LogInformation("Domain {Name}: disk {Disk} is being copied to {Path} ({Format})", dom.Name, target, path, QemuImg.FormatName(format));
    }

    /// <summary>
    /// A copy a previous vireod started (after a daemon restart the tracker is new): QEMU still runs the job and the
    /// live XML still has its &lt;mirror&gt;, so the job is tracked again, ready when QEMU says so. Null when there is none.
    /// </summary>
    private async Task<TrackedJob?> AdoptCopyAsync(DomainObject dom, GuestProcess guest, BlockJobTracker tracker, string target, CancellationToken ct)
    {
        if (DiskChain.Find(guest.Live, target)?.Mirror is not { } mirror) return null;
        var monitor = guest.RequireMonitor();
        var running = QmpBlockJob.ListFromJson(await monitor.ExecuteAsync(QmpCommands.QueryBlockJobs(), ct).ConfigureAwait(false))
            .FirstOrDefault(j => j.Device == BlockJobTracker.JobIdFor(target) && j.Type == "mirror");
        if (running is null) return null;
        var node = QmpNamedBlockNode.ListFromJson(await monitor.ExecuteAsync(QmpCommands.QueryNamedBlockNodes(), ct).ConfigureAwait(false))
            .FirstOrDefault(n => n.File == mirror.Path && n.NodeName.StartsWith("vireo-copy", StringComparison.Ordinal))?.NodeName;
        if (node is null) return null;
        var (_, graph) = await GraphOfAsync(dom, guest, target, ct).ConfigureAwait(false);
        var job = TrackCopy(dom, guest, tracker, target, graph, node);
        if (running.Ready) job.Ready.TrySetResult();
        ctx.Log.LogInformation("Domain {Name}: the copy of disk {Disk} to {Path} is tracked again", dom.Name, target, mirror.Path);
        return job;
    }

    /// <summary>Registers a copy job on the disk with the handlers of its readiness and end.</summary>
    private TrackedJob TrackCopy(DomainObject dom, GuestProcess guest, BlockJobTracker tracker, string target, DiskGraph graph, string node)
    {
        var job = tracker.Add(target, BlockJobType.Copy, graph.Top.Path);
        job.OnReady = () => CopyReadyAsync(dom, guest, tracker, job);
        job.OnEnd = end => UnattendedCopyEndAsync(dom, guest, job, end);
        job.Conclude = (end, pivot) => ConcludeCopyAsync(dom, guest, target, graph, node, end, pivot, ctx.Lifetime.Token);
        return job;
    }

    /// <summary>The format of a reused destination given without one, as qemu-img finds it.</summary>
    private static async Task<DiskFormat> ProbedFormatAsync(string path, string target, CancellationToken ct)
    {
        if (!File.Exists(path))
            throw VirErrors.System($"missing destination file for disk {target}: {path}: No such file or directory");
        return await QemuImg.ProbeFormatAsync(path, ct).ConfigureAwait(false) switch
        {
            "qcow2" => DiskFormat.Qcow2,
            "raw" => DiskFormat.Raw,
            var other => throw VirErrors.Unsupported($"the copy destination '{path}' of disk {target} is a {other} image; Vireo copies to qcow2 or raw images", VirErrorDomain.Qemu),
        };
    }

    /// <summary>
    /// A new destination image: refused when something is there already (libvirt's rule: only --reuse-external
    /// writes into an existing file), created empty first so the error names what the host said. A block device
    /// is written in place. True when a file was made (and must go again if the copy does not start).
    /// </summary>
    private static async Task<bool> CreateDestinationAsync(string target, string path, bool blockDevice, DiskFormat format, ulong size, ImageRef? backing, CancellationToken ct)
    {
        if (blockDevice)
        {
            if (format == DiskFormat.Qcow2) await QemuImg.CreateAsync(path, format, size, backing, ct).ConfigureAwait(false);
            return false;
        }
        if (File.Exists(path) || Directory.Exists(path))
            throw VirErrors.Unsupported($"external destination file for disk {target} already exists and is not a block device: {path}", VirErrorDomain.Qemu);
        await NewImageFile.CreateAsync(path, cause => VirErrors.System($"failed to create copy target: {cause}")).ConfigureAwait(false);
        try
        {
            await QemuImg.CreateAsync(path, format, size, backing, ct).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return true;
    }

    /// <summary>vireo-copyN-vda with the first N QEMU has no node of (a pivoted copy keeps its node as the disk's top).</summary>
    private static async Task<string> FreeCopyNodeNameAsync(IGuestMonitor monitor, string target, CancellationToken ct)
    {
        var taken = QmpNamedBlockNode.ListFromJson(await monitor.ExecuteAsync(QmpCommands.QueryNamedBlockNodes(), ct).ConfigureAwait(false))
            .Select(n => n.NodeName).ToHashSet(StringComparer.Ordinal);
        for (int i = 1; ; i++)
            if (!taken.Contains($"vireo-copy{i}-{target}")) return $"vireo-copy{i}-{target}";
    }

    /// <summary>QEMU's refusal in libvirt's words (libvirtd passes blockdev-add's and blockdev-mirror's errors on as they are).</summary>
    internal static async Task Libvirt(IGuestMonitor monitor, QmpCommand command, CancellationToken ct)
    {
        try
        {
            await monitor.ExecuteAsync(command, ct).ConfigureAwait(false);
        }
        catch (QmpException e)
        {
            throw e.AsLibvirtError();
        }
    }

    /// <summary>The copy reached the mirroring phase: the live XML says ready='yes' before the READY event goes out.</summary>
    private async Task CopyReadyAsync(DomainObject dom, GuestProcess guest, BlockJobTracker tracker, TrackedJob job)
    {
        try
        {
            using var lease = await GuestAccess.AcquireAsync(ctx, dom, "block copy ready", ctx.Lifetime.Token).ConfigureAwait(false);
            if (!ReferenceEquals(dom.Handle, guest) || !ReferenceEquals(tracker.Find(job.Target), job)) return;
            await SetMirrorAsync(dom, job.Target, m => m is null ? null : m with { Ready = "yes" }, ctx.Lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is VirException or IOException or OperationCanceledException or TimeoutException)
        {
            ctx.Log.LogWarning("Domain {Name}: recording that the copy of disk {Disk} is ready failed: {Error}", dom.Name, job.Target, e.Message);
        }
    }

    /// <summary>A copy that ended without a pivot or abort (QEMU failed it): take the domain's job, then close the copy.</summary>
    private async Task UnattendedCopyEndAsync(DomainObject dom, GuestProcess guest, TrackedJob job, BlockJobEnd end)
    {
        try
        {
            using var lease = await GuestAccess.AcquireAsync(ctx, dom, "block copy end", ctx.Lifetime.Token).ConfigureAwait(false);
            if (!ReferenceEquals(dom.Handle, guest)) return;
            await job.Conclude!(end, false).ConfigureAwait(false);
        }
        catch (Exception e) when (e is VirException or IOException or QmpException or TimeoutException or OperationCanceledException)
        {
            ctx.Log.LogError("Domain {Name}: closing the copy of disk {Disk} after its job ended failed: {Error}", dom.Name, job.Target, e.Message);
        }
    }

    /// <summary>
    /// After the copy's job ended (caller holds the domain's job). A pivot that completed: the definitions get
    /// QEMU's new chain (the persistent one too when it named the same image, as libvirtd does) and the nodes of
    /// the old images go. Anything else: the disk stays on its original and the copy's node is closed.
    /// </summary>
    private async Task ConcludeCopyAsync(DomainObject dom, GuestProcess guest, string target, DiskGraph before, string node, BlockJobEnd end, bool pivot, CancellationToken ct)
    {
        if (pivot && end.Status == BlockJobStatus.Completed)
        {
            await RecordChainAsync(dom, guest, target, before, end, deleteFiles: false, ct).ConfigureAwait(false);
            return;
        }
        await SetMirrorAsync(dom, target, _ => null, ct).ConfigureAwait(false);
        await DeleteNodeAsync(guest.RequireMonitor(), dom.Name, node).ConfigureAwait(false);
        if (end.Status == BlockJobStatus.Failed)
            ctx.Log.LogWarning("Domain {Name}: the copy of disk {Disk} failed: {Error}", dom.Name, target, end.Error);
    }

    private async Task DeleteNodeAsync(IGuestMonitor monitor, string domainName, string node)
    {
        try
        {
            await monitor.ExecuteAsync(QmpCommands.BlockdevDel(node), ctx.Lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException or TimeoutException)
        {
            ctx.Log.LogWarning("Domain {Name}: could not close the copy destination node {Node}: {Error}", domainName, node, e.Message);
        }
    }

    /// <summary>Changes the &lt;mirror&gt; of the live disk and saves the status file (caller holds the domain's job).</summary>
    private async Task SetMirrorAsync(DomainObject dom, string target, Func<DiskMirrorDef?, DiskMirrorDef?> change, CancellationToken ct)
    {
        if (dom.Live is not { } live) return;
        var updated = DiskChain.ReplaceDisk(live, target, d => d with { Mirror = change(d.Mirror) });
        await DefinitionUpdates.SaveAsync(ctx, dom, updated, null, ct).ConfigureAwait(false);
    }

    /// <summary>DOMAIN_BLOCK_REBASE with COPY: virsh's blockcopy without new-API options; base is the destination.</summary>
    private ValueTask RebaseCopyAsync(Guid uuid, string disk, string? destination, ulong bandwidth, BlockPullFlags flags, CancellationToken ct)
    {
        if (destination is null)
            throw VirErrors.InvalidArg("a block copy needs a destination", VirErrorDomain.Qemu);
        var bytes = flags.HasFlag(BlockPullFlags.BandwidthBytes) ? bandwidth : Speed(bandwidth, false) is { } s ? (ulong)s : 0;
        var copyFlags = (flags.HasFlag(BlockPullFlags.Shallow) ? BlockCopyFlags.Shallow : 0) | (flags.HasFlag(BlockPullFlags.ReuseExternal) ? BlockCopyFlags.ReuseExternal : 0);
        var dest = new BlockCopyDestination(destination, flags.HasFlag(BlockPullFlags.CopyDev), flags.HasFlag(BlockPullFlags.CopyRaw) ? DiskFormat.Raw : null);
        return CopyAsync(uuid, disk, dest, new BlockCopyTuning(bytes, 0, 0), copyFlags, ct);
    }
}
