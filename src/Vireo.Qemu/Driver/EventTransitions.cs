using Vireo.Core.Domain;
using Vireo.Core.State;

namespace Vireo.Qemu.Driver;

/// <summary>What the event table needs to know about a running guest when a QMP event arrives.</summary>
internal readonly record struct GuestView(
    StateWithReason State,
    bool GotShutdown,
    bool FakeReboot,
    bool BeingStopped,
    PausedReason? PendingPause,
    RunningReason? PendingRunning,
    LifecycleAction OnPoweroff,
    LifecycleAction OnReboot,
    LifecycleAction OnCrash);

/// <summary>The fields of a QMP event that matter for state (parsed once from its JSON data).</summary>
internal sealed record QmpEventView(string Name, bool? Guest = null, string? Reason = null, string? PanicAction = null,
    ulong? BalloonActualBytes = null, long? RtcOffset = null, string? DeviceId = null, EmitIoError? IoError = null, EmitTrayChange? Tray = null);

/// <summary>A libvirt event to publish, before the domain reference is known (pure and comparable in tests).</summary>
internal abstract record Emit;
internal sealed record EmitLifecycle(LifecycleEventType Type, int Detail) : Emit;
internal sealed record EmitReboot : Emit;
internal sealed record EmitBalloon(ulong ActualKiB) : Emit;
internal sealed record EmitRtcChange(long Offset) : Emit;
internal sealed record EmitDeviceRemoved(string Alias) : Emit;
internal sealed record EmitPmSuspend : Emit;
internal sealed record EmitPmWakeup : Emit;

/// <summary>An I/O error on a disk: published as both IO_ERROR and IO_ERROR_REASON (libvirt sends the pair, in that order).</summary>
internal sealed record EmitIoError(string SrcPath, string DevAlias, int Action, string Reason) : Emit;

/// <summary>A removable disk's tray moved: its alias and virDomainEventTrayChangeReason (0 opened, 1 closed).</summary>
internal sealed record EmitTrayChange(string DevAlias, int Reason) : Emit;

/// <summary>What the driver does after the state change: nothing, end the QEMU process, or restart the guest in place.</summary>
internal enum FollowUp { None, EndProcess, FakeReboot }

/// <summary>
/// The outcome of one QMP event. NewState null: unchanged. StopReason: the shut-off reason to use once
/// the process is gone, when this event decides it (a panic with on_crash=destroy ends "crashed").
/// </summary>
internal sealed record EventDecision(StateWithReason? NewState, IReadOnlyList<Emit> Emits, FollowUp FollowUp = FollowUp.None,
    bool? GotShutdown = null, ShutoffReason? StopReason = null, ulong? BalloonKiB = null)
{
    public static readonly EventDecision Ignore = new(null, []);
}

/// <summary>
/// The QMP event table: QEMU events to libvirt states, reasons and events, with libvirt's rules
/// (qemu_process.c event handlers): a STOP after SHUTDOWN is ignored; a SHUTDOWN during a fake reboot
/// changes nothing visible; each RESET is a REBOOT event; a panic goes to crashed/panicked then follows
/// on_crash. Pure, so every row is a unit test.
/// </summary>
internal static class EventTransitions
{
    public static EventDecision Decide(GuestView g, QmpEventView e) => e.Name switch
    {
        "STOP" => Stop(g),
        "RESUME" => Resume(g),
        "RESET" => new EventDecision(null, [new EmitReboot()]),
        "SHUTDOWN" => Shutdown(g, e),
        "GUEST_PANICKED" => Panicked(g),
        "BALLOON_CHANGE" when e.BalloonActualBytes is { } bytes =>
            new EventDecision(null, [new EmitBalloon(bytes / 1024)], BalloonKiB: bytes / 1024),
        "RTC_CHANGE" when e.RtcOffset is { } offset => new EventDecision(null, [new EmitRtcChange(offset)]),
        "DEVICE_DELETED" when e.DeviceId is { } id => new EventDecision(null, [new EmitDeviceRemoved(id)]),
        "SUSPEND" => PmSuspend(g),
        "WAKEUP" => PmWakeup(g),
        "BLOCK_IO_ERROR" when e.IoError is { } io => IoError(g, io),
        "DEVICE_TRAY_MOVED" when e.Tray is { } tray => new EventDecision(null, [tray]),
        _ => EventDecision.Ignore, // POWERDOWN and the rest: informational only
    };

    private static EventDecision Stop(GuestView g)
    {
        // -no-shutdown stops the CPUs right after SHUTDOWN: that is part of the shutdown, not a pause.
        if (g.GotShutdown || g.State.State != DomainState.Running) return EventDecision.Ignore;
        var reason = g.PendingPause ?? PausedReason.Unknown;
        return new EventDecision(StateWithReason.Of(reason), [new EmitLifecycle(LifecycleEventType.Suspended, (int)SuspendedDetailFor(reason))]);
    }

    private static EventDecision Resume(GuestView g)
    {
        if (g.State.State is not (DomainState.Paused or DomainState.Shutdown or DomainState.Crashed))
            return new EventDecision(null, [], GotShutdown: false);
        var reason = g.PendingRunning ?? RunningReason.Unpaused;
        // libvirtd 9.0 reports a restored guest's first run as "Resumed Snapshot" (checked against it).
        var detail = reason == RunningReason.Restored ? ResumedDetail.FromSnapshot : ResumedDetail.Unpaused;
        return new EventDecision(StateWithReason.Of(reason), [new EmitLifecycle(LifecycleEventType.Resumed, (int)detail)], GotShutdown: false);
    }

    private static EventDecision Shutdown(GuestView g, QmpEventView e)
    {
        if (g.State.State == DomainState.Shutdown) return EventDecision.Ignore; // repeated SHUTDOWN
        bool guest = e.Guest == true;
        // A fake reboot (virsh reboot, on_poweroff=restart): QEMU's shutdown is transient, nobody sees it.
        if (g.FakeReboot && guest && !g.BeingStopped)
            return new EventDecision(null, [], FollowUp.FakeReboot, GotShutdown: true);

        var detail = e.Guest switch { true => ShutdownDetail.Guest, false => ShutdownDetail.Host, null => ShutdownDetail.Finished };
        var emits = new List<Emit> { new EmitLifecycle(LifecycleEventType.Shutdown, (int)detail) };
        var state = StateWithReason.Of(ShutdownReason.Unknown);
        if (g.BeingStopped) return new EventDecision(state, emits, GotShutdown: true); // destroy is already ending it

        if (e.Reason == "guest-panic") // GUEST_PANICKED came first and decided
            return new EventDecision(null, [], GotShutdown: true);
        if (guest && e.Reason != "guest-reset" && g.OnPoweroff is LifecycleAction.Restart or LifecycleAction.RenameRestart)
            return new EventDecision(null, [], FollowUp.FakeReboot, GotShutdown: true);
        return new EventDecision(state, emits, FollowUp.EndProcess, GotShutdown: true);
    }

    /// <summary>
    /// The guest suspended itself to RAM (QEMU's runstate 'suspended'; no STOP comes): libvirt's pmsuspended
    /// state, a PMSUSPEND event and a PMSuspended/Memory lifecycle event, in that order.
    /// </summary>
    private static EventDecision PmSuspend(GuestView g) =>
        g.State.State != DomainState.Running ? EventDecision.Ignore
            : new EventDecision(new StateWithReason(DomainState.PmSuspended, 0),
                [new EmitPmSuspend(), new EmitLifecycle(LifecycleEventType.PmSuspended, (int)PmSuspendedDetail.Memory)]);

    /// <summary>
    /// Woken (system_wakeup or a wake source in the guest): always a PMWAKEUP event; a pmsuspended guest runs
    /// again ("running (event wakeup)") with a Started/Wakeup lifecycle event, as libvirt does.
    /// </summary>
    private static EventDecision PmWakeup(GuestView g) =>
        g.State.State != DomainState.PmSuspended ? new EventDecision(null, [new EmitPmWakeup()])
            : new EventDecision(StateWithReason.Of(RunningReason.Wakeup),
                [new EmitPmWakeup(), new EmitLifecycle(LifecycleEventType.Started, (int)StartedDetail.Wakeup)]);

    /// <summary>
    /// A disk's I/O failed: the error events always; when QEMU stopped the guest for it (error_policy 'stop', or
    /// 'enospace' on a full host file system) a running guest is paused with reason ioerror and a Suspended/IOError
    /// event, as libvirt does before QEMU's STOP arrives (that STOP then finds the guest paused and changes nothing).
    /// </summary>
    private static EventDecision IoError(GuestView g, EmitIoError io) =>
        io.Action == Features.IoError.BlockIoErrorQmp.ActionPause && g.State.State == DomainState.Running
            ? new EventDecision(StateWithReason.Of(PausedReason.IoError),
                [io, new EmitLifecycle(LifecycleEventType.Suspended, (int)SuspendedDetail.IoError)])
            : new EventDecision(null, [io]);

    private static EventDecision Panicked(GuestView g)
    {
        var emits = new List<Emit> { new EmitLifecycle(LifecycleEventType.Crashed, (int)CrashedDetail.Panicked) };
        var crashed = StateWithReason.Of(CrashedReason.Panicked);
        if (g.BeingStopped) return new EventDecision(crashed, emits);
        return g.OnCrash switch
        {
            LifecycleAction.Restart or LifecycleAction.RenameRestart or LifecycleAction.CoredumpRestart =>
                new EventDecision(crashed, emits, FollowUp.FakeReboot),
            LifecycleAction.Preserve => new EventDecision(crashed, emits),
            _ => new EventDecision(crashed, emits, FollowUp.EndProcess, StopReason: ShutoffReason.Crashed),
        };
    }

    public static SuspendedDetail SuspendedDetailFor(PausedReason reason) => reason switch
    {
        PausedReason.IoError => SuspendedDetail.IoError,
        PausedReason.Watchdog => SuspendedDetail.Watchdog,
        PausedReason.FromSnapshot => SuspendedDetail.FromSnapshot,
        PausedReason.ApiError => SuspendedDetail.ApiError,
        PausedReason.Migration => SuspendedDetail.Migrated,
        _ => SuspendedDetail.Paused,
    };

    /// <summary>
    /// How a guest's end is reported once QEMU is gone: what the stopping operation intended, else a
    /// shutdown when QEMU said SHUTDOWN first, else a crash (libvirt: EOF without SHUTDOWN means the
    /// emulator died: shut off/crashed with a STOPPED/FAILED event).
    /// </summary>
    public static (ShutoffReason Reason, StoppedDetail Detail) ExitOutcome(ShutoffReason? intended, bool gotShutdown) => intended switch
    {
        ShutoffReason.Destroyed => (ShutoffReason.Destroyed, StoppedDetail.Destroyed),
        ShutoffReason.Crashed => (ShutoffReason.Crashed, StoppedDetail.Crashed),
        ShutoffReason.Shutdown => (ShutoffReason.Shutdown, StoppedDetail.Shutdown),
        ShutoffReason.Failed => (ShutoffReason.Failed, StoppedDetail.Failed),
        ShutoffReason.FromSnapshot => (ShutoffReason.FromSnapshot, StoppedDetail.FromSnapshot),
        ShutoffReason.Saved => (ShutoffReason.Saved, StoppedDetail.Saved),
        { } other => (other, StoppedDetail.Failed),
        null when gotShutdown => (ShutoffReason.Shutdown, StoppedDetail.Shutdown),
        null => (ShutoffReason.Crashed, StoppedDetail.Failed),
    };
}
