namespace Vireo.Core.State;

/// <summary>The words virsh prints for states and reasons (virsh-domain-monitor.c's tables), so vireo prints the same.</summary>
public static class StateNames
{
    public static string Of(DomainState state) => state switch
    {
        DomainState.Running => "running",
        DomainState.Blocked => "idle",
        DomainState.Paused => "paused",
        DomainState.Shutdown => "in shutdown",
        DomainState.Shutoff => "shut off",
        DomainState.Crashed => "crashed",
        DomainState.PmSuspended => "pmsuspended",
        _ => "no state",
    };

    public static string ReasonOf(DomainState state, int reason) => state switch
    {
        DomainState.Running => ((RunningReason)reason) switch
        {
            RunningReason.Booted => "booted",
            RunningReason.Migrated => "migrated",
            RunningReason.Restored => "restored",
            RunningReason.FromSnapshot => "from snapshot",
            RunningReason.Unpaused => "unpaused",
            RunningReason.MigrationCanceled => "migration canceled",
            RunningReason.SaveCanceled => "save canceled",
            RunningReason.Wakeup => "event wakeup",
            RunningReason.Crashed => "crashed",
            RunningReason.Postcopy => "post-copy",
            RunningReason.PostcopyFailed => "post-copy failed",
            _ => "unknown",
        },
        DomainState.Paused => ((PausedReason)reason) switch
        {
            PausedReason.User => "user",
            PausedReason.Migration => "migrating",
            PausedReason.Save => "saving",
            PausedReason.Dump => "dumping",
            PausedReason.IoError => "I/O error",
            PausedReason.Watchdog => "watchdog",
            PausedReason.FromSnapshot => "from snapshot",
            PausedReason.ShuttingDown => "shutting down",
            PausedReason.Snapshot => "creating snapshot",
            PausedReason.Crashed => "crashed",
            PausedReason.StartingUp => "starting up",
            PausedReason.Postcopy => "post-copy",
            PausedReason.PostcopyFailed => "post-copy failed",
            PausedReason.ApiError => "api error",
            _ => "unknown",
        },
        DomainState.Shutdown => reason == (int)ShutdownReason.User ? "user" : "unknown",
        DomainState.Shutoff => ((ShutoffReason)reason) switch
        {
            ShutoffReason.Shutdown => "shutdown",
            ShutoffReason.Destroyed => "destroyed",
            ShutoffReason.Crashed => "crashed",
            ShutoffReason.Migrated => "migrated",
            ShutoffReason.Saved => "saved",
            ShutoffReason.Failed => "failed",
            ShutoffReason.FromSnapshot => "from snapshot",
            ShutoffReason.Daemon => "daemon",
            _ => "unknown",
        },
        DomainState.Crashed => reason == (int)CrashedReason.Panicked ? "panicked" : "unknown",
        _ => "unknown",
    };
}
