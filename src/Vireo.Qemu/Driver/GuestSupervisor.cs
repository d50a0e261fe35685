using Microsoft.Extensions.Logging;
using Vireo.Core.State;
using Vireo.Platform.Processes;
using Vireo.Qemu.Driver.Features.Graphics;
using Vireo.Qemu.Driver.Features.IoError;
using Vireo.Qemu.Driver.Features.Tray;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

/// <summary>
/// Watches one running guest for as long as it runs: pumps its QMP events through the event table
/// (state, libvirt events, follow-ups such as ending the process or a fake reboot), and notices its end
/// at once through the pidfd and the monitor's EOF, then hands over to <see cref="GuestTeardown"/>.
/// </summary>
internal sealed class GuestSupervisor(DriverContext ctx, GuestProcess guest)
{
    private TaskCompletionSource _shutdownSeen = NewSignal();

    /// <summary>Starts pumping and watching (call once the monitor is connected).</summary>
    public void Start()
    {
        var pump = Task.Run(PumpAsync);
        _ = Task.Run(() => WatchAsync(pump));
    }

    /// <summary>A task that completes at the next SHUTDOWN QEMU reports (or when the guest is gone).</summary>
    public Task ArmShutdownWatch()
    {
        var fresh = NewSignal();
        Interlocked.Exchange(ref _shutdownSeen, fresh);
        return Task.WhenAny(fresh.Task, guest.Ended);
    }

    private async Task PumpAsync()
    {
        var monitor = guest.RequireMonitor();
        try
        {
            await foreach (var evt in monitor.Events.ReadAllAsync().ConfigureAwait(false))
                await HandleAsync(evt).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or QmpClosedException or OperationCanceledException)
        {
            // The connection broke: the watcher below sorts out what happened to the process.
        }
    }

    private async Task HandleAsync(QmpEvent evt)
    {
        var view = new QmpEventView(evt.Name, evt.GetBool("guest"), evt.GetString("reason"), evt.GetString("action"),
            evt.GetLong("actual") is { } actual and >= 0 ? (ulong)actual : null, evt.GetLong("offset"), evt.GetString("device"),
            await IoErrorOfAsync(evt).ConfigureAwait(false), TrayMovedQmp.Translate(evt, guest.DiskDevices));
        var before = guest.State.Domain.State;
        var decision = guest.State.Apply(view);
        if (view.Name == "SHUTDOWN") Volatile.Read(ref _shutdownSeen).TrySetResult();
        if (GraphicsQmp.Translate(evt, guest.State.Domain.Ref) is { } graphics) guest.State.Publish(graphics);
        guest.RaiseQmpEvent(evt);
        ctx.Log.LogDebug("Domain {Name}: QMP event {Event} ({State} -> {New}, {FollowUp})",
            guest.Live.Name, evt.Name, before, guest.State.Domain.State, decision.FollowUp);
        if (guest.State.Domain.State != before) await SaveStatusQuietlyAsync().ConfigureAwait(false);
        switch (decision.FollowUp)
        {
            case FollowUp.EndProcess:
                _ = Task.Run(() => EndProcessAsync(decision.StopReason ?? ShutoffReason.Shutdown));
                break;
            case FollowUp.FakeReboot:
                _ = Task.Run(FakeRebootAsync);
                break;
        }
    }

    /// <summary>
    /// BLOCK_IO_ERROR with its disk: QEMU names a -blockdev disk only by its node, so query-block tells whose
    /// medium that node is (the guest is stopped or still running; either way the monitor answers).
    /// </summary>
    private async Task<EmitIoError?> IoErrorOfAsync(QmpEvent evt)
    {
        if (BlockIoErrorQmp.Parse(evt) is not { } error) return null;
        IReadOnlyList<QmpBlockDevice> blocks = [];
        try
        {
            blocks = QmpBlockDevice.ListFromJson(await guest.RequireMonitor().ExecuteAsync(QmpCommands.QueryBlock(), ctx.Lifetime.Token).ConfigureAwait(false));
        }
        catch (Exception e) when (e is QmpException or IOException or QmpClosedException or OperationCanceledException)
        {
            ctx.Log.LogWarning("Domain {Name}: could not tell which disk an I/O error is about: {Error}", guest.Live.Name, e.Message);
        }
        var disk = BlockIoErrorQmp.DiskOf(error, guest.Live.Devices.Disks, guest.DiskDevices, blocks);
        return new EmitIoError(disk.SrcPath, disk.DevAlias, error.Action, error.Reason);
    }

    /// <summary>
    /// The guest is done (powered off, or panicked with on_crash=destroy): ask QEMU to exit with SIGTERM
    /// (it does at once; -no-shutdown kept it alive only so the engine could decide), SIGKILL if it hangs.
    /// </summary>
    public async Task EndProcessAsync(ShutoffReason reason)
    {
        guest.State.IntendStop(reason);
        try
        {
            await guest.Process.TerminateAsync(ctx.Options.DestroyGracePeriod).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
        {
            // Already gone and cleaned up.
        }
    }

    /// <summary>libvirt's fake reboot: the guest powered off but should come back: reset and run it again in the same QEMU.</summary>
    public async Task FakeRebootAsync()
    {
        var monitor = guest.RequireMonitor();
        try
        {
            guest.State.SetFakeReboot(false);
            await monitor.ExecuteAsync(QmpCommands.SystemReset(), ctx.Lifetime.Token).ConfigureAwait(false);
            guest.State.ExpectRunning(RunningReason.Booted);
            await monitor.ExecuteAsync(QmpCommands.Cont(), ctx.Lifetime.Token).ConfigureAwait(false);
            guest.State.EnsureRunning(RunningReason.Booted, evenIfRunning: true);
            await SaveStatusQuietlyAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException or OperationCanceledException)
        {
            ctx.Log.LogWarning("Domain {Name}: restarting the guest after its shutdown failed: {Error}", guest.Live.Name, e.Message);
        }
    }

    /// <summary>
    /// Waits for the end: the pidfd says the process is gone, or the monitor hit EOF. Either way the
    /// other side is given a moment (the last events QEMU wrote before exiting matter: SHUTDOWN decides
    /// between "shutdown" and "crashed"), then the guest is torn down.
    /// </summary>
    private async Task WatchAsync(Task pump)
    {
        var lifetime = ctx.Lifetime.Token;
        try
        {
            var first = await Task.WhenAny(guest.Process.Exited, pump).ConfigureAwait(false);
            // The engine going away closes monitors and pidfds on its side: that is not the guest ending.
            lifetime.ThrowIfCancellationRequested();
            if (first == pump && !guest.Process.HasExited)
            {
                // EOF while the process lives: QEMU closed its monitor. It cannot be managed any more.
                var grace = Task.Delay(TimeSpan.FromSeconds(2), lifetime);
                if (await Task.WhenAny(guest.Process.Exited, grace).ConfigureAwait(false) == grace)
                {
                    lifetime.ThrowIfCancellationRequested();
                    ctx.Log.LogWarning("Domain {Name}: QEMU closed its monitor but kept running; killing it", guest.Live.Name);
                    guest.State.IntendStop(ShutoffReason.Failed);
                    guest.Process.Signal(Signals.SIGKILL);
                }
                await guest.Process.Exited.ConfigureAwait(false);
            }
            else
            {
                await Task.WhenAny(pump, Task.Delay(TimeSpan.FromSeconds(1), lifetime)).ConfigureAwait(false);
            }
            lifetime.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException)
        {
            return; // the engine is shutting down and stopped watching: the guest keeps running
        }
        await new GuestTeardown(ctx, guest).RunAsync(guest.Process.Exited.Result).ConfigureAwait(false);
    }

    private async Task SaveStatusQuietlyAsync()
    {
        try
        {
            await guest.SaveStatusAsync(ctx.Store, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            ctx.Log.LogWarning("Domain {Name}: could not update its status file: {Error}", guest.Live.Name, e.Message);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
