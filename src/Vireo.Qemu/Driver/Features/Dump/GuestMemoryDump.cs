using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Dump;

/// <summary>
/// A memory-only dump, libvirt's way: QEMU gets the open file's descriptor (getfd) and writes the guest's memory
/// into it in the background (dump-guest-memory with detach); its DUMP_COMPLETED event says how it ended. QEMU
/// stops a running guest's CPUs while it writes and lets them run again afterwards.
/// </summary>
internal sealed class GuestMemoryDump(DriverContext ctx)
{
    /// <summary>Refused as libvirt refuses it when this QEMU cannot write the format (kdump-lzo and kdump-snappy depend on its build).</summary>
    public static async Task RequireFormatAsync(GuestProcess guest, string format, CancellationToken ct)
    {
        var formats = DumpQmp.Formats(await guest.RequireMonitor().ExecuteAsync(DumpQmp.QueryCapability(), ct).ConfigureAwait(false));
        if (!formats.Contains(format))
            throw VirErrors.InvalidArg($"unsupported dumpformat '{format}' for this QEMU binary", VirErrorDomain.Qemu);
    }

    public async Task RunAsync(GuestProcess guest, FileStream file, string format, CancellationToken ct)
    {
        var monitor = guest.RequireMonitor();
        var ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEvent(QmpEvent e)
        {
            if (DumpQmp.FailureOf(e) is { } failure) ended.TrySetResult(failure);
        }
        guest.QmpEventReceived += OnEvent;
        try
        {
            await monitor.ExecuteWithFdsAsync(QmpCommands.GetFd(DumpQmp.FdName), [file.SafeFileHandle], ct).ConfigureAwait(false);
            try
            {
                await monitor.ExecuteAsync(DumpQmp.DumpGuestMemory(DumpQmp.FdName, format), ct).ConfigureAwait(false);
            }
            catch (QmpException)
            {
                await CloseFdAsync(monitor).ConfigureAwait(false); // QEMU takes the descriptor only when the dump starts
                throw;
            }

            // QEMU cannot cancel a dump once started: the engine waits for its end (or gives up waiting).
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(ctx.Options.SaveRestoreTimeout);
            Task first;
            try
            {
                first = await Task.WhenAny(ended.Task, guest.Ended).WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw VirErrors.Failed($"QEMU did not finish the memory-only dump within {ctx.Options.SaveRestoreTimeout.TotalMinutes:0} minutes");
            }
            if (first != ended.Task) throw VirErrors.Failed("guest unexpectedly quit");
            if (await ended.Task.ConfigureAwait(false) is { Length: > 0 } why)
                throw VirErrors.Failed($"memory-only dump failed: {why}");
        }
        finally
        {
            guest.QmpEventReceived -= OnEvent;
        }
    }

    private async Task CloseFdAsync(IGuestMonitor monitor)
    {
        try
        {
            await monitor.ExecuteAsync(Save.SaveQmp.CloseFd(DumpQmp.FdName), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException)
        {
            ctx.Log.LogDebug("Closing a refused dump's descriptor: {Error}", e.Message);
        }
    }
}
