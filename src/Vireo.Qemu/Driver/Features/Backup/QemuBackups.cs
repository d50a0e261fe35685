using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Vireo.Core.Backups;
using Vireo.Core.Checkpoints;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Driver.Features.BlockJobs;
using Vireo.Qemu.Driver.Features.Checkpoints;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Backup;

/// <summary>
/// Push-mode backups as libvirt 9 runs them with -blockdev: each disk's target image is made, opened as a
/// block node, and every disk's blockdev-backup (sync=full) starts in one transaction, so all copies show
/// the same instant while the guest keeps running and writing. The backup is the domain's long job
/// (domjobinfo, domjobabort); when the last disk's job ends the target nodes are closed, the files of a
/// backup that did not complete are removed, and JOB_COMPLETED goes out (then each disk's BLOCK_JOB, as
/// libvirtd sends them). Every failed step of the start undoes the ones before it.
/// </summary>
internal sealed class QemuBackups(DriverContext ctx) : IDomainBackups
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves when the driver assembly loads (QemuFeatureRegistry's pattern).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainBackups>(ctx => new QemuBackups(ctx));

    public async ValueTask BeginAsync(Guid uuid, string backupXml, string? checkpointXml, BackupBeginFlags flags, CancellationToken ct)
    {
        GuestAccess.CheckFlags((uint)flags, (uint)BackupBeginFlags.ReuseExternal, "qemuBackupBegin");
        var request = BackupXml.Parse(backupXml);
        var dom = ctx.Registry.GetByUuid(uuid);
        if (!dom.IsActive)
            throw VirErrors.OperationUnsupported("cannot perform disk backup for inactive domain", VirErrorDomain.Qemu);
        var checkpointRequest = checkpointXml is null ? null : CheckpointXml.Parse(checkpointXml);
        using var lease = await GuestAccess.AcquireAsync(ctx, dom, "backup", ct).ConfigureAwait(false);
        var guest = GuestAccess.Running(dom);
        if (BackupJob.Of(guest) is not null)
            throw VirErrors.Invalid("another backup job is already running", VirErrorDomain.Qemu);
        var checkpoints = new QemuCheckpoints(ctx);
        var checkpointSet = checkpoints.Files.Load(dom.Name);
        var plan = BackupPlan.Resolve(request, guest.Live ?? dom.Current, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), checkpointSet.ByName);
        var tracker = GuestAccess.Tracker(ctx, dom, guest);
        foreach (var p in plan.Disks)
            if (tracker.Find(p.Target) is { } existing) throw QemuBlockJobs.ActiveJob(existing);
        bool reuse = flags.HasFlag(BackupBeginFlags.ReuseExternal);
        foreach (var p in plan.Disks)
            CheckStore(p, reuse);

        var monitor = guest.RequireMonitor();
        var graphs = await BlockGraph.ReadAsync(monitor, guest.DiskDevices, ct).ConfigureAwait(false);
        var newCheckpoint = checkpointRequest is null ? null : QemuCheckpoints.Prepare(dom, guest, checkpointSet, checkpointRequest, graphs);
        var created = new List<string>();
        var nodes = new List<string>();
        var runs = new List<BackupDiskRun>();
        BackupJob? backup = null;
        try
        {
            foreach (var p in plan.Disks)
            {
                var graph = graphs.TryGetValue(p.Target, out var g) ? g
                    : throw VirErrors.Invalid($"disk '{p.Target}' of domain '{dom.Name}' has no medium", VirErrorDomain.Qemu);
                if (!reuse)
                {
                    // An incremental copy holds the changed clusters only; libvirt gives it the disk's image as backing.
                    var backing = p.IncrementalBitmap is not null && p.Format == DiskFormat.Qcow2 ? new ImageRef(graph.Top.Path, graph.Top.Format) : (ImageRef?)null;
                    await CreateTargetAsync(p, graph.Top.VirtualSize, backing, ct).ConfigureAwait(false);
                    created.Add(p.TargetPath);
                }
                var node = "vireo-backup-" + p.Target;
                await QemuBlockJobs.Libvirt(monitor, QmpCommands.BlockdevAddCopyTarget(node, p.TargetPath, false, p.Format == DiskFormat.Qcow2, null), ct).ConfigureAwait(false);
                nodes.Add(node);
                var job = tracker.Add(p.Target, BlockJobType.Backup, graph.Top.Path);
                runs.Add(new BackupDiskRun(p, job, node, !reuse, graph.Top.VirtualSize));
            }
            backup = new BackupJob(plan.Description, runs);
            if (!BackupJob.TryStart(guest, backup))
                throw VirErrors.Invalid("another backup job is already running", VirErrorDomain.Qemu);
            foreach (var run in runs)
            {
                var r = run;
                r.Job.OnEnd = end => DiskEndedAsync(dom, guest, backup, r, end);
            }
            var actions = (newCheckpoint?.Actions ?? []).Concat(runs.SelectMany(r => StartActions(r, graphs[r.Plan.Target].Top.NodeName)));
            await QemuBlockJobs.Libvirt(monitor, QmpCommands.Transaction(actions), ct).ConfigureAwait(false);
        }
        catch
        {
            foreach (var r in runs) tracker.Remove(r.Job);
            if (backup is not null) BackupJob.Forget(guest, backup);
            foreach (var node in nodes) await DeleteNodeAsync(monitor, dom.Name, node).ConfigureAwait(false);
            foreach (var path in created) DeleteFile(dom.Name, path);
            throw;
        }
        if (newCheckpoint is not null) await checkpoints.RecordAsync(dom, newCheckpoint).ConfigureAwait(false);
        ctx.Log.LogInformation("Domain {Name}: backup of {Disks} started", dom.Name,
            string.Join(", ", plan.Disks.Select(p => $"{p.Target} to {p.TargetPath}")));
    }

    /// <summary>
    /// A disk's part of the start transaction. Incremental, as libvirt: a temporary bitmap "backup-DISK" gets the
    /// checkpoint's bitmap merged in at the backup's instant and drives a sync=incremental copy, so the
    /// checkpoint's own bitmap keeps recording untouched.
    /// </summary>
    private static IEnumerable<System.Text.Json.Nodes.JsonObject> StartActions(BackupDiskRun r, string device)
    {
        if (r.Plan.IncrementalBitmap is not { } bitmap)
        {
            yield return QmpCommands.BlockdevBackupAction(r.Job.JobId, device, r.Node);
            yield break;
        }
        var temporary = TemporaryBitmap(r);
        yield return QmpBitmapActions.Add(device, temporary, persistent: false);
        yield return QmpBitmapActions.Merge(device, temporary, [bitmap]);
        yield return QmpCommands.BlockdevBackupAction(r.Job.JobId, device, r.Node, "incremental", temporary);
    }

    private static string TemporaryBitmap(BackupDiskRun r) => "backup-" + r.Plan.Target;

    public string Xml(Guid uuid, uint flags)
    {
        GuestAccess.CheckFlags(flags, 0, "qemuBackupGetXMLDesc");
        var dom = ctx.Registry.GetByUuid(uuid);
        return dom.Handle is GuestProcess guest && BackupJob.Of(guest) is { } backup
            ? BackupXml.Format(backup.Description)
            : throw NoBackup();
    }

    /// <summary>
    /// domjobabort of a backup: every disk's job is cancelled; the backup ends (and its files go) when QEMU
    /// reports the cancellations, as libvirtd's abort returns before the job is gone.
    /// </summary>
    internal static async Task AbortAsync(GuestProcess guest, BackupJob backup, CancellationToken ct)
    {
        backup.AbortRequested = true;
        var monitor = guest.RequireMonitor();
        foreach (var run in backup.Disks.Where(d => d.End is null))
        {
            run.Job.AbortRequested = true;
            try
            {
                // force: a paused job is cancelled too (QEMU refuses to cancel a paused job otherwise).
                await monitor.ExecuteAsync(QmpCommands.BlockJobCancel(run.Job.JobId, force: true), ct).ConfigureAwait(false);
            }
            catch (QmpException)
            {
                // The job ended on its own meanwhile: its end event concludes it.
            }
        }
    }

    internal static VirException NoBackup() => new(VirErrorCode.NoDomainBackup, VirErrorDomain.Qemu, "no domain backup job present");

    /// <summary>libvirt's rule: only REUSE_EXTERNAL writes into a file that is already there.</summary>
    private static void CheckStore(BackupDiskPlan p, bool reuse)
    {
        bool exists = File.Exists(p.TargetPath) || Directory.Exists(p.TargetPath);
        if (!reuse && exists)
            throw VirErrors.InvalidArg($"store '{p.TargetPath}' for backup of '{p.Target}' exists", VirErrorDomain.Qemu);
        if (reuse && !File.Exists(p.TargetPath))
            throw VirErrors.InvalidArg($"store '{p.TargetPath}' for backup of '{p.Target}' does not exist, and a backup with reuse-external writes into existing files only", VirErrorDomain.Qemu);
    }

    /// <summary>Creates the empty target file first (so the error names what the host said), then formats it.</summary>
    private static async Task CreateTargetAsync(BackupDiskPlan p, ulong size, ImageRef? backing, CancellationToken ct)
    {
        await NewImageFile.CreateAsync(p.TargetPath, cause => VirErrors.System($"failed to create image file '{p.TargetPath}': {cause}")).ConfigureAwait(false);
        try
        {
            await QemuImg.CreateAsync(p.TargetPath, p.Format, size, backing, ct).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(p.TargetPath);
            throw;
        }
    }

    /// <summary>A disk's job ended; the last one to end concludes the backup.</summary>
    private async Task DiskEndedAsync(DomainObject dom, GuestProcess guest, BackupJob backup, BackupDiskRun run, BlockJobEnd end)
    {
        if (!backup.DiskEnded(run, end)) return;
        if (guest.Monitor is { } monitor)
            foreach (var r in backup.Disks)
            {
                await DeleteNodeAsync(monitor, dom.Name, r.Node).ConfigureAwait(false);
                if (r.Plan.IncrementalBitmap is not null)
                    await RemoveTemporaryBitmapAsync(monitor, guest, dom.Name, r).ConfigureAwait(false);
            }
        var outcome = backup.Outcome();
        if (outcome.Type != DomainJobType.Completed)
            foreach (var r in backup.Disks.Where(r => r.Created))
                DeleteFile(dom.Name, r.Plan.TargetPath);
        BackupJob.Finish(guest, dom, backup, outcome);
        ctx.Events.Publish(new JobCompletedEvent(dom.Ref, outcome.ToParams()));
        if (outcome.Type == DomainJobType.Completed)
            ctx.Log.LogInformation("Domain {Name}: backup completed ({Bytes} bytes)", dom.Name, outcome.Backup?.Disks.Total);
        else
            ctx.Log.LogWarning("Domain {Name}: backup ended without completing: {Error}", dom.Name, outcome.Backup?.Error);
    }

    private async Task DeleteNodeAsync(IGuestMonitor monitor, string domainName, string node)
    {
        try
        {
            await monitor.ExecuteAsync(QmpCommands.BlockdevDel(node), ctx.Lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException or TimeoutException or OperationCanceledException)
        {
            ctx.Log.LogWarning("Domain {Name}: could not close the backup target node {Node}: {Error}", domainName, node, e.Message);
        }
    }

    private async Task RemoveTemporaryBitmapAsync(IGuestMonitor monitor, GuestProcess guest, string domainName, BackupDiskRun r)
    {
        try
        {
            var graphs = await BlockGraph.ReadAsync(monitor, guest.DiskDevices, ctx.Lifetime.Token).ConfigureAwait(false);
            if (!graphs.TryGetValue(r.Plan.Target, out var graph)) return;
            await monitor.ExecuteAsync(QmpCommands.Transaction([QmpBitmapActions.Remove(graph.Top.NodeName, TemporaryBitmap(r))]), ctx.Lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException or TimeoutException or OperationCanceledException)
        {
            ctx.Log.LogWarning("Domain {Name}: could not remove the backup's bitmap {Bitmap}: {Error}", domainName, TemporaryBitmap(r), e.Message);
        }
    }

    private void DeleteFile(string domainName, string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ctx.Log.LogWarning("Domain {Name}: could not remove the backup file {Path}: {Error}", domainName, path, e.Message);
        }
    }
}
