using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.BlockJobs;

/// <summary>
/// libvirt's block jobs on a running QEMU guest: blockcommit (block-commit; an active commit waits in
/// the synchronised phase until pivot or abort), blockpull (block-stream), blockjob --info/--abort/
/// --pivot, and domblkinfo. When a job ends the live and persistent definitions get the chain QEMU
/// really has, and the block nodes that left it are removed.
/// </summary>
internal sealed partial class QemuBlockJobs(DriverContext ctx) : IDomainBlockJobs
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves when the driver assembly loads (QemuFeatureRegistry's pattern).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainBlockJobs>(ctx => new QemuBlockJobs(ctx));

    private static readonly TimeSpan EndWait = TimeSpan.FromSeconds(60);

    public async ValueTask CommitAsync(Guid uuid, string disk, string? baseImage, string? topImage, ulong bandwidth, BlockCommitFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, 31, "qemuDomainBlockCommit");
        if (flags.HasFlag(BlockCommitFlags.Relative))
            throw VirErrors.OperationUnsupported("Vireo records backing chains with absolute paths; --keep-relative is not supported", VirErrorDomain.Qemu);
        var dom = ctx.Registry.GetByUuid(uuid);
        using var lease = await GuestAccess.AcquireAsync(ctx, dom, "blockcommit", ct).ConfigureAwait(false);
        if (!dom.IsActive) throw NoChainWhileShutOff(dom.Current, disk, baseImage);
        var guest = GuestAccess.Running(dom);
        var (target, graph) = await GraphOfAsync(dom, guest, disk, ct).ConfigureAwait(false);
        int top = topImage is null || topImage == target ? 0 : Index(graph, topImage, target, "top");
        int bottom = flags.HasFlag(BlockCommitFlags.Shallow) ? top + 1 : baseImage is null ? graph.Layers.Count - 1 : Index(graph, baseImage, target, "base");
        if (top + 1 >= graph.Layers.Count)
            throw NoBase(target);
        if (bottom <= top || bottom >= graph.Layers.Count)
            throw VirErrors.InvalidArg($"base '{baseImage}' is not below top '{graph.Layers[top].Path}' in the chain of disk '{target}'", VirErrorDomain.Qemu);
        bool active = top == 0;
        if (active && !flags.HasFlag(BlockCommitFlags.Active))
            throw VirErrors.InvalidArg($"commit of '{target}' active layer requires active flag", VirErrorDomain.Qemu);

        var tracker = GuestAccess.Tracker(ctx, dom, guest);
        var job = tracker.Add(target, active ? BlockJobType.ActiveCommit : BlockJobType.Commit, graph.Top.Path);
        if (!active) job.OnEnd = end => UnattendedEndAsync(dom, guest, target, graph, end, deleteFiles: flags.HasFlag(BlockCommitFlags.Delete));
        var command = QmpCommands.BlockCommit(job.JobId, graph.Top.NodeName, graph.Layers[bottom].NodeName,
            active ? null : graph.Layers[top].NodeName, Speed(bandwidth, flags.HasFlag(BlockCommitFlags.BandwidthBytes)));
        await StartAsync(guest, tracker, job, command, $"cannot start a block commit on disk '{target}' of domain '{dom.Name}'", ct).ConfigureAwait(false);
    }

    public async ValueTask PullAsync(Guid uuid, string disk, string? baseImage, ulong bandwidth, BlockPullFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, 127, "qemuDomainBlockRebase");
        var dom = ctx.Registry.GetByUuid(uuid);
        // A shut-off domain is refused first, as libvirtd refuses every block job on one.
        if (!dom.IsActive) throw VirErrors.NotRunning(dom.Name);
        if (flags.HasFlag(BlockPullFlags.Copy))
        {
            await RebaseCopyAsync(uuid, disk, baseImage, bandwidth, flags, ct).ConfigureAwait(false);
            return;
        }
        if ((flags & (BlockPullFlags.CopyRaw | BlockPullFlags.CopyDev | BlockPullFlags.ReuseExternal)) != 0)
            throw VirErrors.InvalidArg("flags copy-raw, copy-dev and reuse-external of a block rebase need the copy flag", VirErrorDomain.Qemu);
        if (flags.HasFlag(BlockPullFlags.Relative))
            throw VirErrors.OperationUnsupported("Vireo records backing chains with absolute paths; --keep-relative is not supported", VirErrorDomain.Qemu);
        using var lease = await GuestAccess.AcquireAsync(ctx, dom, "blockpull", ct).ConfigureAwait(false);
        var guest = GuestAccess.Running(dom);
        var (target, graph) = await GraphOfAsync(dom, guest, disk, ct).ConfigureAwait(false);
        var tracker = GuestAccess.Tracker(ctx, dom, guest);
        if (tracker.Find(target) is { } existing) throw ActiveJob(existing); // libvirtd says so before it looks at the chain
        int? bottom = flags.HasFlag(BlockPullFlags.Shallow) ? 2 : baseImage is null ? null : Index(graph, baseImage, target, "base");
        if (graph.Layers.Count < 2)
            throw VirErrors.InvalidArg($"disk '{target}' of domain '{dom.Name}' has no backing image to pull from", VirErrorDomain.Qemu);
        if (bottom is { } b && (b < 1 || b >= graph.Layers.Count))
            throw VirErrors.InvalidArg($"base '{baseImage}' is not below the active image of disk '{target}'", VirErrorDomain.Qemu);

        var job = tracker.Add(target, BlockJobType.Pull, graph.Top.Path);
        job.OnEnd = end => UnattendedEndAsync(dom, guest, target, graph, end, deleteFiles: false);
        var command = QmpCommands.BlockStream(job.JobId, graph.Top.NodeName, bottom is { } bb ? graph.Layers[bb].NodeName : null,
            Speed(bandwidth, flags.HasFlag(BlockPullFlags.BandwidthBytes)));
        await StartAsync(guest, tracker, job, command, $"cannot start a block pull on disk '{target}' of domain '{dom.Name}'", ct).ConfigureAwait(false);
    }

    public async ValueTask<BlockJobInfo?> GetJobInfoAsync(Guid uuid, string disk, BlockJobInfoFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, 1, "qemuDomainGetBlockJobInfo");
        var dom = ctx.Registry.GetByUuid(uuid);
        var guest = GuestAccess.Running(dom);
        var target = DiskChain.Require(guest.Live, disk).Target.Dev;
        var tracked = GuestAccess.Tracker(ctx, dom, guest).Find(target);
        var jobs = QmpBlockJob.ListFromJson(await guest.RequireMonitor().ExecuteAsync(QmpCommands.QueryBlockJobs(), ct).ConfigureAwait(false));
        var q = jobs.FirstOrDefault(j => j.Device == BlockJobTracker.JobIdFor(target));
        if (q is null) return null;
        var type = tracked?.Type ?? (q.Type == "stream" ? BlockJobType.Pull : q.Type == "commit" ? BlockJobType.Commit : q.Type == "mirror" ? BlockJobType.Copy : BlockJobType.Unknown);
        var speed = (ulong)Math.Max(0, q.Speed);
        return new BlockJobInfo(type, flags.HasFlag(BlockJobInfoFlags.BandwidthBytes) ? speed : speed >> 20, (ulong)Math.Max(0, q.Offset), (ulong)Math.Max(0, q.Length));
    }

    public async ValueTask AbortJobAsync(Guid uuid, string disk, BlockJobAbortFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, 3, "qemuDomainBlockJobAbort");
        var dom = ctx.Registry.GetByUuid(uuid);
        using var lease = await GuestAccess.AcquireAsync(ctx, dom, "blockjob abort", ct).ConfigureAwait(false);
        var guest = GuestAccess.Running(dom);
        var target = DiskChain.Require(guest.Live, disk).Target.Dev;
        var tracker = GuestAccess.Tracker(ctx, dom, guest);
        var job = tracker.Find(target) ?? await AdoptCopyAsync(dom, guest, tracker, target, ct).ConfigureAwait(false) ?? throw NoActiveJob(target);
        var monitor = guest.RequireMonitor();
        if (flags.HasFlag(BlockJobAbortFlags.Pivot))
        {
            if (job.Type is not (BlockJobType.ActiveCommit or BlockJobType.Copy))
                throw VirErrors.Invalid($"the block job on disk '{target}' is a {Describe(job.Type)}, which has nothing to pivot to", VirErrorDomain.Qemu);
            if (!job.Ready.Task.IsCompleted)
                throw new VirException(VirErrorCode.BlockCopyActive, VirErrorDomain.Qemu, $"disk '{target}' not ready for pivot yet");
            var before = (await BlockGraph.ReadAsync(monitor, guest.DiskDevices, ct).ConfigureAwait(false))[target];
            Func<BlockJobEnd, Task> pivoted = job.Conclude is { } conclude
                ? end => conclude(end, true)
                : end => RecordChainAsync(dom, guest, target, before, end, deleteFiles: false, ctx.Lifetime.Token);
            if (!tracker.TryReplaceOnEnd(job, pivoted))
                throw VirErrors.Invalid($"the block job on disk '{target}' has already ended", VirErrorDomain.Qemu);
            await GuestAccess.RunAsync(monitor, QmpCommands.BlockJobComplete(job.JobId), $"cannot pivot disk '{target}' of domain '{dom.Name}'", ct).ConfigureAwait(false);
            var end = await job.Ended.Task.WaitAsync(EndWait, ct).ConfigureAwait(false);
            if (end.Status != BlockJobStatus.Completed)
                throw VirErrors.Failed($"the pivot of disk '{target}' of domain '{dom.Name}' failed: {end.Error ?? "the job was cancelled"}");
            return;
        }
        job.AbortRequested = true;
        // An aborted job leaves the chain as it was (a copy still closes its destination).
        tracker.TryReplaceOnEnd(job, job.Conclude is { } close ? end => close(end, false) : null);
        await GuestAccess.RunAsync(monitor, QmpCommands.BlockJobCancel(job.JobId), $"cannot abort the block job on disk '{target}' of domain '{dom.Name}'", ct).ConfigureAwait(false);
        if (!flags.HasFlag(BlockJobAbortFlags.Async))
            await job.Ended.Task.WaitAsync(EndWait, ct).ConfigureAwait(false);
    }

    public async ValueTask SetJobSpeedAsync(Guid uuid, string disk, ulong bandwidth, BlockJobInfoFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, 1, "qemuDomainBlockJobSetSpeed");
        var dom = ctx.Registry.GetByUuid(uuid);
        using var lease = await GuestAccess.AcquireAsync(ctx, dom, "blockjob speed", ct).ConfigureAwait(false);
        var guest = GuestAccess.Running(dom);
        var target = DiskChain.Require(guest.Live, disk).Target.Dev;
        if (GuestAccess.Tracker(ctx, dom, guest).Find(target) is not { } job)
            throw NoActiveJob(target);
        await GuestAccess.RunAsync(guest.RequireMonitor(),
            new QmpCommand("block-job-set-speed", new JsonObject { ["device"] = job.JobId, ["speed"] = Speed(bandwidth, flags.HasFlag(BlockJobInfoFlags.BandwidthBytes)) ?? 0 }),
            $"cannot change the speed of the block job on disk '{target}'", ct).ConfigureAwait(false);
    }

    public async ValueTask<BlockInfo> GetBlockInfoAsync(Guid uuid, string disk, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        var def = dom.Current;
        var d = DiskChain.Find(def, disk) ?? throw VirErrors.InvalidArg($"invalid path {disk} not assigned to domain", VirErrorDomain.Qemu);
        var path = d.Source?.Path ?? throw VirErrors.Invalid($"disk '{d.Target.Dev}' of domain '{dom.Name}' has no medium", VirErrorDomain.Qemu);
        var (capacity, allocation) = await QemuImg.InfoAsync(path, ct).ConfigureAwait(false);
        var physical = (ulong)new FileInfo(path).Length;
        return new BlockInfo(capacity, allocation, physical);
    }

    public async ValueTask ResizeAsync(Guid uuid, string disk, ulong size, BlockResizeFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, 1, "qemuDomainBlockResize");
        var bytes = BlockSizes.Bytes(size, flags.HasFlag(BlockResizeFlags.Bytes));
        var dom = ctx.Registry.GetByUuid(uuid);
        using var lease = await GuestAccess.AcquireAsync(ctx, dom, "blockresize", ct).ConfigureAwait(false);
        var guest = GuestAccess.Running(dom);
        if (DiskChain.Find(guest.Live, disk) is null)
            throw VirErrors.InvalidArg($"disk '{disk}' was not found in the domain config", VirErrorDomain.Qemu);
        var (target, graph) = await GraphOfAsync(dom, guest, disk, ct).ConfigureAwait(false);
        bytes = BlockSizes.ForFormat(bytes, graph.Top.Format);
        await GuestAccess.RunAsync(guest.RequireMonitor(), QmpCommands.BlockResize(graph.Top.NodeName, bytes),
            $"cannot resize disk '{target}' of domain '{dom.Name}' to {bytes} bytes", ct).ConfigureAwait(false);
        ctx.Log.LogInformation("Domain {Name}: disk {Disk} ({Image}) resized to {Bytes} bytes", dom.Name, target, graph.Top.Path, bytes);
    }

    /// <summary>
    /// qemuDomainDiskBlockJobIsActive's refusal: a disk that mirrors (a copy) is VIR_ERR_BLOCK_COPY_ACTIVE, one with
    /// any other job (commit, pull, backup) VIR_ERR_OPERATION_UNSUPPORTED, with the same sentence.
    /// </summary>
    internal static VirException ActiveJob(TrackedJob existing) => existing.Type == BlockJobType.Copy
        ? new(VirErrorCode.BlockCopyActive, VirErrorDomain.Qemu, $"disk '{existing.Target}' already in active block job")
        : VirErrors.OperationUnsupported($"disk '{existing.Target}' already in active block job", VirErrorDomain.Qemu);

    private static VirException NoActiveJob(string target) => VirErrors.InvalidArg($"disk {target} does not have an active block job", VirErrorDomain.Qemu);

    /// <summary>virStorageSourceChainLookup's refusal when nothing lies below the top image.</summary>
    private static VirException NoBase(string target) => VirErrors.InvalidArg($"could not find base image in chain for '{target}'", VirErrorDomain.Qemu);

    /// <summary>
    /// libvirtd looks the base up in the definition before it checks that the domain runs, and a shut-off
    /// domain's definition has no backing chain: a known disk then gets the chain lookup's refusal.
    /// </summary>
    private static VirException NoChainWhileShutOff(Core.Domain.DomainDef def, string disk, string? baseImage)
    {
        var target = DiskChain.Require(def, disk).Target.Dev;
        return baseImage is null ? NoBase(target) : VirErrors.InvalidArg($"could not find image '{baseImage}' in chain for '{target}'", VirErrorDomain.Qemu);
    }

    private static async Task<(string Target, DiskGraph Graph)> GraphOfAsync(DomainObject dom, GuestProcess guest, string disk, CancellationToken ct)
    {
        var target = DiskChain.Require(guest.Live, disk).Target.Dev;
        var graphs = await BlockGraph.ReadAsync(guest.RequireMonitor(), guest.DiskDevices, ct).ConfigureAwait(false);
        return graphs.TryGetValue(target, out var g)
            ? (target, g)
            : throw VirErrors.Invalid($"disk '{target}' of domain '{dom.Name}' has no medium", VirErrorDomain.Qemu);
    }

    /// <summary>An image of the chain by path (or libvirt's "vda[N]" index notation, 0 = active).</summary>
    private static int Index(DiskGraph graph, string image, string target, string role)
    {
        if (image.StartsWith(target + "[", StringComparison.Ordinal) && image.EndsWith(']') &&
            int.TryParse(image[(target.Length + 1)..^1], out var n) && n >= 0 && n < graph.Layers.Count)
            return n;
        var i = graph.IndexOf(Path.GetFullPath(image));
        return i >= 0 ? i : throw VirErrors.InvalidArg($"could not find {role} image '{image}' in chain for '{target}'", VirErrorDomain.Qemu);
    }

    private static long? Speed(ulong bandwidth, bool bytes) =>
        bandwidth == 0 ? null : bytes ? (long)Math.Min(bandwidth, long.MaxValue) : (long)Math.Min(bandwidth, (ulong)(long.MaxValue >> 20)) << 20;

    private static string Describe(BlockJobType t) => t switch
    {
        BlockJobType.Pull => "block pull",
        BlockJobType.Commit => "block commit",
        BlockJobType.ActiveCommit => "active block commit",
        _ => "block job",
    };

    private static async Task StartAsync(GuestProcess guest, BlockJobTracker tracker, TrackedJob job, QmpCommand command, string what, CancellationToken ct)
    {
        try
        {
            await GuestAccess.RunAsync(guest.RequireMonitor(), command, what, ct).ConfigureAwait(false);
        }
        catch
        {
            tracker.Remove(job);
            throw;
        }
    }

    /// <summary>A job that finished on its own: take the domain's job, then record the chain.</summary>
    private async Task UnattendedEndAsync(DomainObject dom, GuestProcess guest, string target, DiskGraph before, BlockJobEnd end, bool deleteFiles)
    {
        try
        {
            using var lease = await GuestAccess.AcquireAsync(ctx, dom, "block job end", ctx.Lifetime.Token).ConfigureAwait(false);
            if (!ReferenceEquals(dom.Handle, guest)) return; // the guest stopped meanwhile
            await RecordChainAsync(dom, guest, target, before, end, deleteFiles, ctx.Lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is VirException or IOException or QmpException or TimeoutException or OperationCanceledException)
        {
            ctx.Log.LogError("Domain {Name}: recording the chain of disk {Disk} after its block job failed: {Error}", dom.Name, target, e.Message);
        }
    }

    /// <summary>After a completed job: the definitions get QEMU's chain; nodes (and with --delete, files) that left it go.</summary>
    private async Task RecordChainAsync(DomainObject dom, GuestProcess guest, string target, DiskGraph before, BlockJobEnd end, bool deleteFiles, CancellationToken ct)
    {
        if (end.Status != BlockJobStatus.Completed) return;
        var monitor = guest.RequireMonitor();
        var after = (await BlockGraph.ReadAsync(monitor, guest.DiskDevices, ct).ConfigureAwait(false))[target];
        var chain = after.Layers.Select(l => new ImageRef(l.Path, l.Format)).ToList();
        await DefinitionUpdates.ApplyAsync(ctx, dom, new Dictionary<string, IReadOnlyList<ImageRef>> { [target] = chain }, ct).ConfigureAwait(false);
        var removed = before.Layers.Where(l => after.IndexOf(l.Path) < 0).ToList();
        await DefinitionUpdates.ReleaseNodesAsync(ctx, monitor, dom.Name, removed).ConfigureAwait(false);
        if (deleteFiles)
            foreach (var l in removed) File.Delete(l.Path);
        ctx.Log.LogInformation("Domain {Name}: disk {Disk} now runs on {Chain}", dom.Name, target, string.Join(" <- ", chain.Select(c => c.Path).Reverse()));
    }
}
