using Microsoft.Extensions.Logging;
using Vireo.Core.State;
using Vireo.Drivers.Events;
using Vireo.Platform.Processes;

namespace Vireo.Qemu.Driver;

/// <summary>
/// The end of a guest, whatever ended it (destroy, the guest powering off, QEMU crashing or being
/// killed): close the monitor and consoles (attached clients see the end), remove the status file and
/// the socket directory, mark the domain shut off with the reason, publish STOPPED, and forget a
/// transient domain. Runs once per guest; callers wait on <see cref="GuestProcess.Ended"/>.
/// Config files are never touched here.
/// </summary>
internal sealed class GuestTeardown(DriverContext ctx, GuestProcess guest)
{
    private static readonly Lock Once = new();

    public async Task RunAsync(ProcessExit exit)
    {
        lock (Once)
        {
            if (guest.Ended.IsCompleted || guest.State.Domain.Handle != guest) return;
            guest.State.Domain.Handle = new EndingMarker(guest); // claimed: a second caller returns above
        }
        var dom = guest.State.Domain;
        var (reason, detail) = EventTransitions.ExitOutcome(guest.State.StopIntent, guest.State.GotShutdown);
        if (detail == StoppedDetail.Failed)
            ctx.Log.LogWarning("Domain {Name}: QEMU (pid {Pid}) {Exit} without saying SHUTDOWN first: the guest is shut off (crashed). Its log: {Log}",
                dom.Name, guest.Process.Pid, exit, ctx.Paths.ProcessLog(dom.Name));
        else
            ctx.Log.LogInformation("Domain {Name}: QEMU (pid {Pid}) {Exit}; shut off ({Reason})", dom.Name, guest.Process.Pid, exit, reason);

        await CloseQuietlyAsync(guest.Monitor).ConfigureAwait(false);
        foreach (var c in guest.Consoles) await CloseQuietlyAsync(c.Capture).ConfigureAwait(false);
        await ctx.Hooks.EndedAsync(guest.Live.Name, guest.Id).ConfigureAwait(false);

        using (await guest.LockStatusAsync().ConfigureAwait(false))
        {
            try
            {
                ctx.Store.DeleteStatus(dom.Name);
                if (dom.IsPersistent) await ctx.Store.SaveStoppedAsync(dom.Name, StateWithReason.Of(reason), CancellationToken.None).ConfigureAwait(false);
                if (Directory.Exists(guest.Paths.Directory)) Directory.Delete(guest.Paths.Directory, recursive: true);
            }
            catch (IOException e)
            {
                ctx.Log.LogWarning("Domain {Name}: could not remove its runtime files: {Error}", dom.Name, e.Message);
            }
            guest.StatusRemoved = true;
        }
        await HostResourceHooks.ReleaseAsync(ctx, guest.Live).ConfigureAwait(false); // host devices features made for it (macvtaps, ...)

        dom.Handle = null;
        dom.SetInactive(StateWithReason.Of(reason));
        if (dom.IsPersistent) dom.Live = null;
        ctx.Events.Publish(new LifecycleEvent(dom.Ref, LifecycleEventType.Stopped, (int)detail));
        if (!dom.IsPersistent) ctx.Registry.Remove(dom);
        guest.Process.Dispose();
        guest.MarkEnded((reason, detail));
    }

    private async Task CloseQuietlyAsync(IAsyncDisposable? d)
    {
        if (d is null) return;
        try
        {
            await d.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            ctx.Log.LogDebug("Domain {Name}: closing a connection after exit: {Error}", guest.Live.Name, e.Message);
        }
    }

    /// <summary>Stands in DomainObject.Handle while the guest is being torn down (reads see it as gone).</summary>
    internal sealed record EndingMarker(GuestProcess Guest);
}
