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
                await guest.PauseForAsync(PausedReason.Save, ct).ConfigureAwait(false);
                paused = true;
                pausedAt = DateTime.UtcNow;
            }
            using (var job = GuestFileJob.Begin(guest, DomainJobOperation.Save))
                stream = await new MigrationToFile(ctx).RunAsync(guest, file, job.Job, ct).ConfigureAwait(false);
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
        SaveJobStats.Finish(ctx, dom, DomainJobOperation.Save, stream, pausedAt);
        guest.State.IntendStop(ShutoffReason.Saved);
        // QEMU flushed and released the disks when the migration completed; SIGTERM would only add a
        // SHUTDOWN event ("Shutdown Finished") that libvirt does not send for a save.
        guest.Process.Signal(Vireo.Platform.Processes.Signals.SIGKILL);
        await guest.Ended.WaitAsync(ctx.Options.JobWait, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The guest runs on as before the save (libvirt's state reason: save canceled).</summary>
    private async Task ResumeAfterFailureAsync(DomainObject dom, GuestProcess guest)
    {
        try
        {
            await guest.ResumeForAsync(RunningReason.SaveCanceled, CancellationToken.None).ConfigureAwait(false);
            await guest.SaveStatusAsync(ctx.Store, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException or VirException)
        {
            ctx.Log.LogError("Domain {Name}: could not resume the guest after a failed save: {Error}", dom.Name, e.Message);
        }
    }

    private static VirException Failure(string name, string path, Exception e) => e switch
    {
        VirException { Code: VirErrorCode.SystemError or VirErrorCode.OperationAborted } v => v, // libvirt's own sentence (domjobabort: "job 'domain save' canceled by client")
        VirException v => new VirException(v.Code, v.ErrorDomain, $"saving domain '{name}' to '{path}' failed, it runs on as before: {v.Detail}", e),
        QmpException q => VirErrors.Failed($"saving domain '{name}' to '{path}' failed, it runs on as before: QEMU refused '{q.Command}': {q.Description}"),
        IOException or UnauthorizedAccessException => VirErrors.System($"saving domain '{name}' to '{path}' failed, it runs on as before: {SaveImageFiles.Reason(e)}"),
        _ => VirErrors.Failed($"saving domain '{name}' to '{path}' failed, it runs on as before: {e.Message}"),
    };
}
