using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Platform.Processes;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver;

/// <summary>Shutdown, destroy, reboot, reset, suspend and resume of a running guest.</summary>
internal sealed partial class QemuLifecycle
{
    /// <summary>
    /// Through the guest agent or the ACPI power button, as libvirt chooses (<see cref="AgentPower.Plan"/>).
    /// libvirt returns once the agent took the request or the button is pressed; so do we. The guest may miss a
    /// press early in boot (qemu-probe 3k), so a background watch presses once more, then logs that it was ignored.
    /// </summary>
    public async ValueTask ShutdownAsync(Guid uuid, ShutdownFlags flags, CancellationToken ct)
    {
        VirErrors.CheckFlags((uint)flags, (uint)(ShutdownFlags.AcpiPowerButton | ShutdownFlags.GuestAgent), "qemuDomainShutdownFlags");
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await AcquireAsync(dom, "shutdown", ct).ConfigureAwait(false);
        var guest = RequireRunning(dom);
        // libvirt shuts down only a running guest, by either means (a paused one could not react).
        if (dom.State.State != DomainState.Running) throw VirErrors.NotRunning(dom.Name);
        // libvirt: a guest whose power-off restarts it is rebooted by its agent.
        var mode = guest.Live.OnPoweroff is LifecycleAction.Restart or LifecycleAction.RenameRestart ? AgentPower.Reboot : AgentPower.Powerdown;
        if (await TryAgentAsync(guest, dom.Name, flags, mode, ct).ConfigureAwait(false)) return;
        guest.State.SetFakeReboot(false);
        await PressPowerButtonAsync(guest, "shutdown", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Through the agent (the guest reboots itself), or libvirt's reboot by the power button: when the guest
    /// powers off, reset and continue it in the same QEMU (a "fake reboot"). With on_reboot destroy the guest just shuts down.
    /// </summary>
    public async ValueTask RebootAsync(Guid uuid, ShutdownFlags flags, CancellationToken ct)
    {
        VirErrors.CheckFlags((uint)flags, (uint)(ShutdownFlags.AcpiPowerButton | ShutdownFlags.GuestAgent), "qemuDomainReboot");
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await AcquireAsync(dom, "reboot", ct).ConfigureAwait(false);
        var guest = RequireRunning(dom);
        var isReboot = guest.Live.OnReboot is not (LifecycleAction.Destroy or LifecycleAction.Preserve);
        if (!isReboot)
            ctx.Log.LogInformation("Domain {Name}: on_reboot is {Action}, so reboot shuts it down", dom.Name, guest.Live.OnReboot);
        if (await TryAgentAsync(guest, dom.Name, flags, isReboot ? AgentPower.Reboot : AgentPower.Powerdown, ct).ConfigureAwait(false)) return;
        guest.State.SetFakeReboot(isReboot);
        await PressPowerButtonAsync(guest, isReboot ? "reboot" : "shutdown", ct).ConfigureAwait(false);
    }

    public async ValueTask DestroyAsync(Guid uuid, DestroyFlags flags, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await AcquireAsync(dom, "destroy", ct).ConfigureAwait(false);
        var guest = RequireRunning(dom);
        guest.State.IntendStop(ShutoffReason.Destroyed);
        var graceful = flags.HasFlag(DestroyFlags.Graceful);
        // SIGTERM lets QEMU flush its disks and say SHUTDOWN (libvirt reports "Shutdown Finished after
        // host request"); SIGKILL follows when it hangs, except in graceful mode.
        if (!guest.Process.Signal(Signals.SIGTERM) && guest.Ended.IsCompleted) return;
        var grace = graceful ? ctx.Options.GracefulDestroyTimeout : ctx.Options.DestroyGracePeriod;
        if (await Task.WhenAny(guest.Ended, Task.Delay(grace, ct)).ConfigureAwait(false) != guest.Ended)
        {
            if (graceful)
                throw VirErrors.Failed($"failed to terminate process {guest.Process.Pid} of domain '{dom.Name}' with SIGTERM within {grace.TotalSeconds:0} s: Device or resource busy");
            ctx.Log.LogWarning("Domain {Name}: QEMU ignored SIGTERM for {Grace} s; sending SIGKILL", dom.Name, grace.TotalSeconds);
            guest.Process.Signal(Signals.SIGKILL);
        }
        await guest.Ended.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>virsh reset: a hardware reset (system_reset); QEMU's RESET events become REBOOT events.</summary>
    public async ValueTask ResetAsync(Guid uuid, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await AcquireAsync(dom, "reset", ct).ConfigureAwait(false);
        var guest = RequireRunning(dom);
        await Monitor(guest, QmpCommands.SystemReset(), "reset", ct).ConfigureAwait(false);
        // A guest reset out of the crashed state runs again (libvirt: running/crashed).
        if (dom.State.State == DomainState.Crashed)
            guest.State.Set(StateWithReason.Of(RunningReason.Crashed));
    }

    public async ValueTask SuspendAsync(Guid uuid, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await AcquireAsync(dom, "suspend", ct).ConfigureAwait(false);
        var guest = RequireRunning(dom);
        if (dom.State.State == DomainState.Paused) return;
        if (dom.State.State == DomainState.PmSuspended) throw VirErrors.Invalid("domain is pmsuspended", VirErrorDomain.Qemu);
        if (dom.State.State != DomainState.Running) throw VirErrors.NotRunning(dom.Name);
        guest.State.ExpectPause(PausedReason.User);
        await Monitor(guest, QmpCommands.Stop(), "suspend", ct).ConfigureAwait(false);
        guest.State.EnsurePaused(PausedReason.User);
        await guest.SaveStatusAsync(ctx.Store, ct).ConfigureAwait(false);
    }

    public async ValueTask ResumeAsync(Guid uuid, CancellationToken ct)
    {
        var dom = ctx.Registry.GetByUuid(uuid);
        using var job = await AcquireAsync(dom, "resume", ct).ConfigureAwait(false);
        var guest = RequireRunning(dom);
        // libvirt's refusals (qemuDomainResume): resuming is for a paused guest.
        if (dom.State.State == DomainState.PmSuspended) throw VirErrors.Invalid("domain is pmsuspended", VirErrorDomain.Qemu);
        if (dom.State.State == DomainState.Running) throw VirErrors.Invalid("domain is already running", VirErrorDomain.Qemu);
        guest.State.ExpectRunning(RunningReason.Unpaused);
        await Monitor(guest, QmpCommands.Cont(), "resume", ct).ConfigureAwait(false);
        guest.State.EnsureRunning(RunningReason.Unpaused);
        await guest.SaveStatusAsync(ctx.Store, ct).ConfigureAwait(false);
    }

    private async Task PressPowerButtonAsync(GuestProcess guest, string what, CancellationToken ct)
    {
        var supervisor = guest.Supervisor ?? throw VirErrors.Internal($"domain '{guest.Live.Name}' is not being watched");
        var seen = supervisor.ArmShutdownWatch();
        await Monitor(guest, QmpCommands.SystemPowerdown(), what, ct).ConfigureAwait(false);
        _ = Task.Run(() => RetryPowerButtonAsync(guest, seen, what));
    }

    private async Task RetryPowerButtonAsync(GuestProcess guest, Task seen, string what)
    {
        var lifetime = ctx.Lifetime.Token;
        try
        {
            if (await Task.WhenAny(seen, Task.Delay(ctx.Options.ShutdownRetryAfter, lifetime)).ConfigureAwait(false) == seen) return;
            ctx.Log.LogInformation("Domain {Name}: no reaction to the ACPI power button after {Seconds} s; pressing it again",
                guest.Live.Name, ctx.Options.ShutdownRetryAfter.TotalSeconds);
            await guest.RequireMonitor().ExecuteAsync(QmpCommands.SystemPowerdown(), lifetime).ConfigureAwait(false);
            if (await Task.WhenAny(seen, Task.Delay(ctx.Options.ShutdownGiveUpAfter, lifetime)).ConfigureAwait(false) == seen) return;
            ctx.Log.LogWarning(
                "Domain {Name}: the guest ignored the ACPI power button twice ({What} requested {Seconds} s ago): it may have no ACPI support or no daemon handling the button. Use destroy to stop it.",
                guest.Live.Name, what, (ctx.Options.ShutdownRetryAfter + ctx.Options.ShutdownGiveUpAfter).TotalSeconds);
        }
        catch (Exception e) when (e is OperationCanceledException or QmpException or IOException or VirException)
        {
            // The guest is gone, or the engine is stopping: nothing left to retry.
        }
    }

    private static async Task Monitor(GuestProcess guest, QmpCommand command, string what, CancellationToken ct)
    {
        try
        {
            await guest.RequireMonitor().ExecuteAsync(command, ct).ConfigureAwait(false);
        }
        catch (QmpException e)
        {
            throw VirErrors.Failed($"{what} of domain '{guest.Live.Name}' failed: QEMU refused '{e.Command}': {e.Description}");
        }
        catch (IOException e)
        {
            throw VirErrors.Failed($"{what} of domain '{guest.Live.Name}' failed: the guest's monitor connection ended ({e.Message}); QEMU has probably exited");
        }
    }

    /// <summary>
    /// The agent's part of shutdown and reboot (<see cref="AgentPower"/>): true when the agent took the request;
    /// false when the power button is to be pressed instead. The agent's failure is the call's error only when the
    /// agent alone was asked for (libvirt's "agent forced").
    /// </summary>
    private async Task<bool> TryAgentAsync(GuestProcess guest, string name, ShutdownFlags flags, string mode, CancellationToken ct)
    {
        var (useAgent, buttonAfterFailure) = AgentPower.Plan(flags, AgentPower.Connected(guest));
        if (!useAgent) return false;
        if (guest.State.Domain.State.State != DomainState.Running) // a paused guest's agent cannot act
        {
            if (!buttonAfterFailure) throw VirErrors.NotRunning(name);
            return false;
        }
        try
        {
            // The guest reboots itself: a real reset of the machine, not the engine's fake reboot.
            guest.State.SetFakeReboot(false);
            await AgentPower.SendAsync(guest, name, mode, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (buttonAfterFailure && e is VirException or IOException)
        {
            ctx.Log.LogInformation("Domain {Name}: the guest agent did not take the {Mode} request ({Error}); pressing the power button", name, mode, e.Message);
            return false;
        }
    }
}
