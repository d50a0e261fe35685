using System.IO.Pipes;
using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Core.Xml;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Save;

/// <summary>
/// Saving a running guest to an image, libvirt's way: pause it, let QEMU migrate its state into a pipe
/// whose other end the engine copies behind the image's header, then stop QEMU (STOPPED/SAVED). The file is
/// created first, so a path that cannot be written is refused before the guest is touched; any later
/// failure cancels the migration, deletes the temporary file and lets the guest run on as it was (libvirt:
/// "running (save canceled)"). Caller holds the domain's job.
/// </summary>
internal sealed class GuestSaver(DriverContext ctx)
{
    public async Task SaveAsync(DomainObject dom, GuestProcess guest, string path, DomainDef saved, SaveFlags flags, CancellationToken ct)
    {
        // libvirt's qemuMigrationSrcIsAllowed: QEMU would refuse the migration in the middle of a block job.
        if (BlockJobs.GuestAccess.Tracker(ctx, dom, guest).Any())
            throw VirErrors.Invalid("domain has active block job", VirErrorDomain.Qemu);
        var wasRunning = dom.State.State == DomainState.Running;
        var runAfterRestore = flags.HasFlag(SaveFlags.Running) || (!flags.HasFlag(SaveFlags.Paused) && wasRunning);
        var header = new SaveImageHeader(DomainXml.Format(saved, secure: true), runAfterRestore);

        var (temp, file) = SaveImageFiles.CreateTemp(path);
        var paused = false;
        DateTime? pausedAt = null;
        MigrationStreamStats stream;
        try
        {
            await file.WriteAsync(header.Encode(), ct).ConfigureAwait(false);
            if (wasRunning)
            {
                guest.State.ExpectPause(PausedReason.Save);
                await guest.RequireMonitor().ExecuteAsync(QmpCommands.Stop(), ct).ConfigureAwait(false);
                guest.State.EnsurePaused(PausedReason.Save);
                paused = true;
                pausedAt = DateTime.UtcNow;
            }
            stream = await MigrateIntoAsync(guest, file, ct).ConfigureAwait(false);
            SaveImageFiles.Commit(temp, file, path);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested || paused)
        {
            await SaveImageFiles.DiscardAsync(temp, file).ConfigureAwait(false);
            if (paused) await ResumeAfterFailureAsync(dom, guest).ConfigureAwait(false);
            throw Failure(dom.Name, path, e);
        }

        ctx.Log.LogInformation("Domain {Name}: saved to {Path}", dom.Name, path);
        // libvirt reports the finished job (domjobinfo --completed, JOB_COMPLETED) before the guest stops.
        var done = SaveJobStats.Completed(DomainJobOperation.Save, stream, dom.Job.Current?.Since ?? DateTime.UtcNow, pausedAt, DateTime.UtcNow);
        dom.RecordCompletedJob(done);
        ctx.Events.Publish(new JobCompletedEvent(dom.Ref, done.ToParams()));
        guest.State.IntendStop(ShutoffReason.Saved);
        // QEMU flushed and released the disks when the migration completed; SIGTERM would only add a
        // SHUTDOWN event ("Shutdown Finished") that libvirt does not send for a save.
        guest.Process.Signal(Vireo.Platform.Processes.Signals.SIGKILL);
        await guest.Ended.WaitAsync(ctx.Options.JobWait, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// QEMU writes its stream into a pipe; the engine appends what comes out to the image until QEMU closes it.
    /// Returns QEMU's statistics of the completed stream.
    /// </summary>
    private async Task<MigrationStreamStats> MigrateIntoAsync(GuestProcess guest, FileStream file, CancellationToken ct)
    {
        var monitor = guest.RequireMonitor();
        await monitor.ExecuteAsync(SaveQmp.EnableEvents(), ct).ConfigureAwait(false);
        await monitor.ExecuteAsync(SaveQmp.FullSpeed(), ct).ConfigureAwait(false);

        var ended = new TaskCompletionSource<MigrationEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEvent(QmpEvent e)
        {
            if (SaveQmp.EndOf(e) is { } end) ended.TrySetResult(end);
        }
        guest.QmpEventReceived += OnEvent;
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        try
        {
            await monitor.ExecuteWithFdsAsync(QmpCommands.GetFd(SaveQmp.SaveFdName), [pipe.ClientSafePipeHandle], ct).ConfigureAwait(false);
            pipe.DisposeLocalCopyOfClientHandle(); // QEMU holds the only write end: its close is our end of file
            var copy = pipe.CopyToAsync(file, ct);
            await monitor.ExecuteAsync(SaveQmp.Migrate(SaveQmp.SaveFdName), ct).ConfigureAwait(false);

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(ctx.Options.SaveRestoreTimeout);
            MigrationEnd outcome;
            try
            {
                // A failed write on our side (disk full) ends the copy first: cancel QEMU's side then.
                var first = await Task.WhenAny(ended.Task, copy, guest.Ended).WaitAsync(deadline.Token).ConfigureAwait(false);
                if (first == copy && copy.IsFaulted) await CancelMigrationAsync(monitor).ConfigureAwait(false);
                if (first == guest.Ended) throw VirErrors.Failed("QEMU exited during the save");
                await copy.ConfigureAwait(false); // surfaces our own write error
                outcome = await ended.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                await CancelMigrationAsync(monitor).ConfigureAwait(false);
                throw VirErrors.Failed($"QEMU did not finish writing the guest's state within {ctx.Options.SaveRestoreTimeout.TotalMinutes:0} minutes");
            }
            if (outcome != MigrationEnd.Completed)
            {
                var why = SaveQmp.ErrorOf(await monitor.ExecuteAsync(SaveQmp.QueryMigrate(), CancellationToken.None).ConfigureAwait(false));
                throw VirErrors.Failed($"QEMU's migration {(outcome == MigrationEnd.Cancelled ? "was cancelled" : "failed")}{(why is null ? "" : ": " + why)}");
            }
            return SaveJobStats.Read(await monitor.ExecuteAsync(SaveQmp.QueryMigrate(), ct).ConfigureAwait(false));
        }
        finally
        {
            guest.QmpEventReceived -= OnEvent;
        }
    }

    private async Task CancelMigrationAsync(IGuestMonitor monitor)
    {
        try
        {
            await monitor.ExecuteAsync(SaveQmp.MigrateCancel(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException)
        {
            ctx.Log.LogDebug("Cancelling a failed save's migration: {Error}", e.Message);
        }
    }

    /// <summary>The guest runs on as before the save (libvirt's state reason: save canceled).</summary>
    private async Task ResumeAfterFailureAsync(DomainObject dom, GuestProcess guest)
    {
        try
        {
            guest.State.ExpectRunning(RunningReason.SaveCanceled);
            await guest.RequireMonitor().ExecuteAsync(QmpCommands.Cont(), CancellationToken.None).ConfigureAwait(false);
            guest.State.EnsureRunning(RunningReason.SaveCanceled);
            await guest.SaveStatusAsync(ctx.Store, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException or VirException)
        {
            ctx.Log.LogError("Domain {Name}: could not resume the guest after a failed save: {Error}", dom.Name, e.Message);
        }
    }

    private static VirException Failure(string name, string path, Exception e) => e switch
    {
        VirException { Code: VirErrorCode.SystemError } v => v,
        VirException v => new VirException(v.Code, v.ErrorDomain, $"saving domain '{name}' to '{path}' failed, it runs on as before: {v.Detail}", e),
        QmpException q => VirErrors.Failed($"saving domain '{name}' to '{path}' failed, it runs on as before: QEMU refused '{q.Command}': {q.Description}"),
        IOException or UnauthorizedAccessException => VirErrors.System($"saving domain '{name}' to '{path}' failed, it runs on as before: {SaveImageFiles.Reason(e)}"),
        _ => VirErrors.Failed($"saving domain '{name}' to '{path}' failed, it runs on as before: {e.Message}"),
    };
}
