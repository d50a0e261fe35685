namespace Vireo.Core.State;

/// <summary>libvirt's virDomainState; the numbers travel on the wire.</summary>
public enum DomainState
{
    NoState = 0,
    Running = 1,
    Blocked = 2,
    Paused = 3,
    Shutdown = 4,
    Shutoff = 5,
    Crashed = 6,
    PmSuspended = 7,
}

/// <summary>virDomainRunningReason.</summary>
public enum RunningReason { Unknown = 0, Booted = 1, Migrated = 2, Restored = 3, FromSnapshot = 4, Unpaused = 5, MigrationCanceled = 6, SaveCanceled = 7, Wakeup = 8, Crashed = 9, Postcopy = 10, PostcopyFailed = 11 }

/// <summary>virDomainPausedReason.</summary>
public enum PausedReason { Unknown = 0, User = 1, Migration = 2, Save = 3, Dump = 4, IoError = 5, Watchdog = 6, FromSnapshot = 7, ShuttingDown = 8, Snapshot = 9, Crashed = 10, StartingUp = 11, Postcopy = 12, PostcopyFailed = 13, ApiError = 14 }

/// <summary>virDomainShutdownReason.</summary>
public enum ShutdownReason { Unknown = 0, User = 1 }

/// <summary>virDomainShutoffReason.</summary>
public enum ShutoffReason { Unknown = 0, Shutdown = 1, Destroyed = 2, Crashed = 3, Migrated = 4, Saved = 5, Failed = 6, FromSnapshot = 7, Daemon = 8 }

/// <summary>virDomainCrashedReason.</summary>
public enum CrashedReason { Unknown = 0, Panicked = 1 }

/// <summary>A state with its reason, as GET_STATE returns it. Reason is the number of the matching reason enum.</summary>
public readonly record struct StateWithReason(DomainState State, int Reason)
{
    public static StateWithReason Of(RunningReason r) => new(DomainState.Running, (int)r);
    public static StateWithReason Of(PausedReason r) => new(DomainState.Paused, (int)r);
    public static StateWithReason Of(ShutdownReason r) => new(DomainState.Shutdown, (int)r);
    public static StateWithReason Of(ShutoffReason r) => new(DomainState.Shutoff, (int)r);
    public static StateWithReason Of(CrashedReason r) => new(DomainState.Crashed, (int)r);

    public bool IsActive => State is not (DomainState.Shutoff or DomainState.NoState);

    /// <summary>virsh's words for the state ("running", "shut off", ...).</summary>
    public string StateText => StateNames.Of(State);

    /// <summary>virsh's words for the reason ("booted", "destroyed", ...).</summary>
    public string ReasonText => StateNames.ReasonOf(State, Reason);
}
