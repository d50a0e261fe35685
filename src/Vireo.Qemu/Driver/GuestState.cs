using Vireo.Core.Domain;
using Vireo.Core.State;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;

namespace Vireo.Qemu.Driver;

/// <summary>
/// A running guest's state machine: libvirt's per-domain flags (gotShutdown, fakeReboot, beingDestroyed,
/// pending pause/run reasons) and the one place that changes the domain's state and publishes its
/// lifecycle events. Every change runs under one lock, so an event that QEMU sends and the API call
/// that caused it can both try the same transition and exactly one of them publishes it.
/// </summary>
internal sealed class GuestState(DomainObject dom, DomainDef live, DomainEventBus bus)
{
    private readonly Lock _gate = new();
    private bool _resumedSinceExpect;

    public bool GotShutdown { get; private set; }
    public bool FakeReboot { get; private set; }

    /// <summary>Set by destroy/shutdown-end before the process is signalled: the exit is expected, and how to report it.</summary>
    public ShutoffReason? StopIntent { get; private set; }

    public bool BeingStopped => StopIntent is not null;
    public PausedReason? PendingPause { get; private set; }
    public RunningReason? PendingRunning { get; private set; }

    /// <summary>The balloon's size from the last BALLOON_CHANGE or query-balloon, in KiB.</summary>
    public ulong? BalloonKiB { get; private set; }

    public DomainObject Domain => dom;

    /// <summary>The actions come from the domain's current live definition (set-lifecycle-action changes it while the guest runs).</summary>
    public GuestView View
    {
        get
        {
            var current = dom.Live ?? live;
            return new(dom.State, GotShutdown, FakeReboot, BeingStopped, PendingPause, PendingRunning,
                current.OnPoweroff ?? LifecycleAction.Destroy, current.OnReboot ?? LifecycleAction.Restart, current.OnCrash ?? LifecycleAction.Destroy);
        }
    }

    public void SetFakeReboot(bool on) { lock (_gate) FakeReboot = on; }

    public void SetBalloon(ulong kib) { lock (_gate) BalloonKiB = kib; }

    /// <summary>Marks the coming exit as intended; the first intent wins (a destroy during a shutdown stays a destroy... unless it came first).</summary>
    public void IntendStop(ShutoffReason reason) { lock (_gate) StopIntent ??= reason; }

    /// <summary>Applies a decision of the event table: new state, flags, then its events, all in one step.</summary>
    public EventDecision Apply(QmpEventView evt)
    {
        lock (_gate)
        {
            var d = EventTransitions.Decide(View, evt);
            Commit(d);
            return d;
        }
    }

    /// <summary>Before 'stop': the reason the coming STOP stands for (the event may arrive before the reply).</summary>
    public void ExpectPause(PausedReason reason) { lock (_gate) PendingPause = reason; }

    /// <summary>
    /// After 'stop' returned: pause now unless the STOP event already did (one event either way).
    /// </summary>
    public void EnsurePaused(PausedReason reason)
    {
        lock (_gate)
        {
            PendingPause = reason;
            if (dom.State.State == DomainState.Running && !GotShutdown) Commit(EventTransitions.Decide(View, new QmpEventView("STOP")));
            PendingPause = null;
        }
    }

    /// <summary>Before 'cont': the reason the coming RESUME stands for.</summary>
    public void ExpectRunning(RunningReason reason)
    {
        lock (_gate)
        {
            PendingRunning = reason;
            _resumedSinceExpect = false;
        }
    }

    /// <summary>After 'cont' returned: run now unless the RESUME event already did.</summary>
    public void EnsureRunning(RunningReason reason, bool evenIfRunning = false)
    {
        lock (_gate)
        {
            PendingRunning = reason;
            if (_resumedSinceExpect) { } // the RESUME event got here first
            else if (dom.State.State != DomainState.Running) Commit(EventTransitions.Decide(View, new QmpEventView("RESUME")));
            else if (evenIfRunning) // a fake reboot never left "running": libvirt still reports the restart
            {
                dom.SetState(StateWithReason.Of(reason));
                Publish(new EmitLifecycle(LifecycleEventType.Resumed, (int)ResumedDetail.Unpaused));
            }
            GotShutdown = false;
            PendingRunning = null;
        }
    }

    /// <summary>Sets a state and publishes events as one step (start, reconnect).</summary>
    public void Set(StateWithReason state, params Emit[] emits)
    {
        lock (_gate)
        {
            dom.SetState(state);
            foreach (var e in emits) Publish(e);
        }
    }

    public void Publish(Emit e)
    {
        if (e is EmitIoError io)
        {
            bus.Publish(new IoErrorEvent(dom.Ref, io.SrcPath, io.DevAlias, io.Action));
            bus.Publish(new IoErrorReasonEvent(dom.Ref, io.SrcPath, io.DevAlias, io.Action, io.Reason));
            return;
        }
        bus.Publish(ToEvent(e));
    }

    /// <summary>An event that changes nothing here (a graphics client came or went), in order with the others.</summary>
    public void Publish(DomainEvent e) { lock (_gate) bus.Publish(e); }

    private DomainEvent ToEvent(Emit e) => e switch
    {
        EmitLifecycle l => new LifecycleEvent(dom.Ref, l.Type, l.Detail),
        EmitReboot => new RebootEvent(dom.Ref),
        EmitBalloon b => new BalloonChangeEvent(dom.Ref, b.ActualKiB),
        EmitRtcChange r => new RtcChangeEvent(dom.Ref, r.Offset),
        EmitDeviceRemoved x => new DeviceRemovedEvent(dom.Ref, x.Alias),
        EmitPmSuspend => new PmSuspendEvent(dom.Ref),
        EmitPmWakeup => new PmWakeupEvent(dom.Ref),
        EmitTrayChange t => new TrayChangeEvent(dom.Ref, t.DevAlias, t.Reason),
        _ => throw new InvalidOperationException($"unknown event {e}"),
    };

    private void Commit(EventDecision d)
    {
        if (d.NewState is { } s) dom.SetState(s);
        if (d.GotShutdown is { } g) GotShutdown = g;
        if (d.BalloonKiB is { } b) BalloonKiB = b;
        if (d.StopReason is { } r) StopIntent ??= r;
        if (d.NewState?.State == DomainState.Running)
        {
            PendingRunning = null;
            _resumedSinceExpect = true;
        }
        foreach (var e in d.Emits) Publish(e);
    }
}
