using System.IO.Pipes;
using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Save;

/// <summary>
/// QEMU's migration of a guest into a file, as save and a full (not memory-only) dump write it: the stream
/// goes through a pipe the engine copies into the file, MIGRATION events say when it ends, a failure on either
/// side cancels QEMU's migration, and so does domjobabort (<see cref="GuestFileJob"/>). QEMU stops the guest's CPUs
/// when the migration completes.
/// </summary>
internal sealed class MigrationToFile(DriverContext ctx)
{
    /// <summary>
    /// QEMU writes its stream into a pipe; the engine appends what comes out to the image until QEMU closes it.
    /// Returns QEMU's statistics of the completed stream. <paramref name="job"/> is the save or dump it belongs to.
    /// </summary>
    public async Task<MigrationStreamStats> RunAsync(GuestProcess guest, FileStream file, GuestFileJob job, CancellationToken ct)
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
            if (job.Aborted) throw job.AbortedError();
            await monitor.ExecuteAsync(SaveQmp.Migrate(SaveQmp.SaveFdName), ct).ConfigureAwait(false);
            // An abort that came before the migration existed cancelled nothing: cancel it now.
            if (job.Aborted) await CancelMigrationAsync(monitor).ConfigureAwait(false);

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
            if (outcome == MigrationEnd.Cancelled && job.Aborted) throw job.AbortedError();
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
}
