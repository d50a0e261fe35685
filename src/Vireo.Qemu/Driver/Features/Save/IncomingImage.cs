using System.IO.Pipes;
using Vireo.Core.Errors;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Save;

/// <summary>
/// What a restore adds to a start (<see cref="StartSequence"/>): QEMU waits with -incoming defer and reads
/// the image's migration stream from a pipe handed over with getfd, which the engine fills from the image
/// (<paramref name="image"/> is positioned at the stream); the guest then carries on instead of booting.
/// </summary>
internal sealed class IncomingImage(string path, FileStream image)
{
    public string Path => path;

    /// <summary>
    /// Runs before the event pump starts, so this reads the monitor's events itself: the MIGRATION event
    /// that ends the stream, or the end of the channel (QEMU exits when an incoming migration fails).
    /// </summary>
    public async Task ReceiveAsync(IGuestMonitor monitor, TimeSpan deadline, CancellationToken ct)
    {
        await monitor.ExecuteAsync(SaveQmp.EnableEvents(), ct).ConfigureAwait(false);
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        await monitor.ExecuteWithFdsAsync(QmpCommands.GetFd(SaveQmp.RestoreFdName), [pipe.ClientSafePipeHandle], ct).ConfigureAwait(false);
        pipe.DisposeLocalCopyOfClientHandle(); // QEMU holds the only read end: if it dies, our writes fail instead of blocking
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var feed = FeedAsync(pipe, timeout.Token);
        try
        {
            await monitor.ExecuteAsync(SaveQmp.MigrateIncoming(SaveQmp.RestoreFdName), ct).ConfigureAwait(false);
            timeout.CancelAfter(deadline);
            await foreach (var e in monitor.Events.ReadAllAsync(timeout.Token).ConfigureAwait(false))
            {
                switch (SaveQmp.EndOf(e))
                {
                    case MigrationEnd.Completed: return;
                    case MigrationEnd.Failed or MigrationEnd.Cancelled:
                        throw VirErrors.Failed($"QEMU could not load the saved state from '{path}'{await FeedProblemAsync(feed).ConfigureAwait(false)}");
                }
            }
            throw VirErrors.Failed($"QEMU exited while loading the saved state from '{path}'{await FeedProblemAsync(feed).ConfigureAwait(false)}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw VirErrors.Failed($"QEMU did not finish loading the saved state from '{path}' within {deadline.TotalMinutes:0} minutes");
        }
        finally
        {
            await timeout.CancelAsync().ConfigureAwait(false);
            pipe.Dispose();
            await FeedProblemAsync(feed).ConfigureAwait(false);
        }
    }

    /// <summary>Copies the stream into the pipe, then closes it: QEMU sees the end of the stream.</summary>
    private async Task FeedAsync(AnonymousPipeServerStream pipe, CancellationToken ct)
    {
        await image.CopyToAsync(pipe, 1 << 20, ct).ConfigureAwait(false);
        await pipe.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Why feeding QEMU stopped, when it failed for a reason of ours (reading the image).</summary>
    private static async Task<string> FeedProblemAsync(Task feed)
    {
        if (!feed.IsCompleted) return "";
        try
        {
            await feed.ConfigureAwait(false);
            return "";
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return e is IOException && e.Message.Contains("pipe", StringComparison.OrdinalIgnoreCase) ? "" : $" (reading the image: {e.Message})";
        }
    }
}
