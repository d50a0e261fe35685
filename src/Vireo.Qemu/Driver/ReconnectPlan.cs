using Vireo.Core.Domain;
using Vireo.Core.State;

namespace Vireo.Qemu.Driver;

/// <summary>What to do with a guest found in a status file when the engine starts.</summary>
internal enum ReconnectAction
{
    /// <summary>The process is alive and answers: keep it, in the state computed.</summary>
    Keep,

    /// <summary>The guest powered off while nobody watched (QEMU waits in status 'shutdown'): finish per on_poweroff.</summary>
    FinishShutdown,

    /// <summary>The guest panicked while nobody watched: finish per on_crash.</summary>
    FinishCrash,

    /// <summary>The recorded process is gone (or the pid belongs to another process now): shut off, crashed.</summary>
    Gone,

    /// <summary>The process lives but its monitor cannot be reached: it cannot be managed, so it is ended.</summary>
    Unreachable,
}

internal sealed record ReconnectDecision(ReconnectAction Action, StateWithReason State);

/// <summary>
/// The reconnect rules (libvirt's qemuProcessReconnect + qemuProcessUpdateState), pure: the saved state
/// is kept when QEMU's run state agrees with it, otherwise QEMU's run state wins with reason unknown.
/// </summary>
internal static class ReconnectPlan
{
    public static ReconnectDecision ForDeadProcess() => new(ReconnectAction.Gone, StateWithReason.Of(ShutoffReason.Crashed));

    public static ReconnectDecision ForUnreachable() => new(ReconnectAction.Unreachable, StateWithReason.Of(ShutoffReason.Failed));

    /// <param name="qmpStatus">query-status "status": running, paused, prelaunch, shutdown, guest-panicked, internal-error, ...</param>
    public static ReconnectDecision ForLiveProcess(string qmpStatus, StateWithReason saved) => qmpStatus switch
    {
        "running" or "debug" => new(ReconnectAction.Keep,
            saved.State == DomainState.Running ? saved : StateWithReason.Of(RunningReason.Unknown)),
        "shutdown" => new(ReconnectAction.FinishShutdown, StateWithReason.Of(ShutdownReason.Unknown)),
        "guest-panicked" => new(ReconnectAction.FinishCrash, StateWithReason.Of(CrashedReason.Panicked)),
        "io-error" => new(ReconnectAction.Keep, StateWithReason.Of(PausedReason.IoError)),
        "watchdog" => new(ReconnectAction.Keep, StateWithReason.Of(PausedReason.Watchdog)),
        "save-vm" => new(ReconnectAction.Keep, StateWithReason.Of(PausedReason.Save)),
        "finish-migrate" or "inmigrate" or "postmigrate" => new(ReconnectAction.Keep, StateWithReason.Of(PausedReason.Migration)),
        // The guest suspended itself to RAM while no engine watched: pmsuspended, as libvirt shows it.
        "suspended" => new(ReconnectAction.Keep, saved.State == DomainState.PmSuspended ? saved : new StateWithReason(DomainState.PmSuspended, 0)),
        // paused, prelaunch, restore-vm, internal-error...: the CPUs are not running.
        _ => new(ReconnectAction.Keep, saved.State == DomainState.Paused ? saved : StateWithReason.Of(PausedReason.Unknown)),
    };

    /// <summary>On a shutdown found at reconnect: restart in place when on_poweroff says so, else end the process.</summary>
    public static FollowUp ForFinishedShutdown(LifecycleAction onPoweroff) =>
        onPoweroff is LifecycleAction.Restart or LifecycleAction.RenameRestart ? FollowUp.FakeReboot : FollowUp.EndProcess;

    public static FollowUp ForFinishedCrash(LifecycleAction onCrash) => onCrash switch
    {
        LifecycleAction.Restart or LifecycleAction.RenameRestart or LifecycleAction.CoredumpRestart => FollowUp.FakeReboot,
        LifecycleAction.Preserve => FollowUp.None,
        _ => FollowUp.EndProcess,
    };
}
