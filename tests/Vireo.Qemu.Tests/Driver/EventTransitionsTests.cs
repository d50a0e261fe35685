using Vireo.Core.Domain;
using Vireo.Core.State;
using Vireo.Qemu.Driver;

namespace Vireo.Qemu.Tests.Driver;

/// <summary>The QMP event table, row by row, against libvirt's behaviour (qemu_process.c handlers, protocol §8).</summary>
public sealed class EventTransitionsTests
{
    private static GuestView Running(bool gotShutdown = false, bool fakeReboot = false, bool beingStopped = false,
        PausedReason? pendingPause = null, LifecycleAction onPoweroff = LifecycleAction.Destroy,
        LifecycleAction onReboot = LifecycleAction.Restart, LifecycleAction onCrash = LifecycleAction.Destroy) =>
        new(StateWithReason.Of(RunningReason.Booted), gotShutdown, fakeReboot, beingStopped, pendingPause, null, onPoweroff, onReboot, onCrash);

    private static GuestView Paused(RunningReason? pendingRunning = null) =>
        Running() with { State = StateWithReason.Of(PausedReason.User), PendingRunning = pendingRunning };

    [Fact]
    public void Stop_WhileRunning_PausesWithThePendingReasonAndEmitsSuspendedPaused()
    {
        var d = EventTransitions.Decide(Running(pendingPause: PausedReason.User), new QmpEventView("STOP"));
        Assert.Equal(StateWithReason.Of(PausedReason.User), d.NewState);
        Assert.Equal([new EmitLifecycle(LifecycleEventType.Suspended, (int)SuspendedDetail.Paused)], d.Emits);
    }

    [Fact]
    public void Stop_NobodyAskedFor_IsPausedUnknown()
    {
        var d = EventTransitions.Decide(Running(), new QmpEventView("STOP"));
        Assert.Equal(StateWithReason.Of(PausedReason.Unknown), d.NewState);
    }

    [Fact]
    public void Stop_AfterShutdown_IsIgnored_BecauseNoShutdownStopsTheCpus()
    {
        var d = EventTransitions.Decide(Running(gotShutdown: true), new QmpEventView("STOP"));
        Assert.Null(d.NewState);
        Assert.Empty(d.Emits);
    }

    [Fact]
    public void Resume_WhilePaused_RunsUnpausedAndEmitsResumedUnpaused()
    {
        var d = EventTransitions.Decide(Paused(), new QmpEventView("RESUME"));
        Assert.Equal(StateWithReason.Of(RunningReason.Unpaused), d.NewState);
        Assert.Equal([new EmitLifecycle(LifecycleEventType.Resumed, (int)ResumedDetail.Unpaused)], d.Emits);
        Assert.False(d.GotShutdown);
    }

    [Fact]
    public void Resume_AtStart_UsesBootedAsTheReason()
    {
        var starting = Running() with { State = StateWithReason.Of(PausedReason.StartingUp), PendingRunning = RunningReason.Booted };
        Assert.Equal(StateWithReason.Of(RunningReason.Booted), EventTransitions.Decide(starting, new QmpEventView("RESUME")).NewState);
    }

    [Fact]
    public void Resume_WhileAlreadyRunning_ChangesNothing()
    {
        var d = EventTransitions.Decide(Running(), new QmpEventView("RESUME"));
        Assert.Null(d.NewState);
        Assert.Empty(d.Emits);
    }

    [Fact]
    public void Reset_IsARebootEventEachTime()
    {
        var d = EventTransitions.Decide(Running(), new QmpEventView("RESET", Guest: true, Reason: "guest-reset"));
        Assert.Null(d.NewState);
        Assert.Equal([new EmitReboot()], d.Emits);
    }

    [Fact]
    public void Shutdown_ByTheGuest_WithOnPoweroffDestroy_GoesInShutdownAndEndsTheProcess()
    {
        var d = EventTransitions.Decide(Running(), new QmpEventView("SHUTDOWN", Guest: true, Reason: "guest-shutdown"));
        Assert.Equal(StateWithReason.Of(ShutdownReason.Unknown), d.NewState);
        Assert.Equal([new EmitLifecycle(LifecycleEventType.Shutdown, (int)ShutdownDetail.Guest)], d.Emits);
        Assert.Equal(FollowUp.EndProcess, d.FollowUp);
        Assert.True(d.GotShutdown);
    }

    [Fact]
    public void Shutdown_FromOurSigterm_DuringDestroy_EmitsShutdownHostAndLeavesTheEndToDestroy()
    {
        var d = EventTransitions.Decide(Running(beingStopped: true), new QmpEventView("SHUTDOWN", Guest: false, Reason: "host-signal"));
        Assert.Equal([new EmitLifecycle(LifecycleEventType.Shutdown, (int)ShutdownDetail.Host)], d.Emits);
        Assert.Equal(FollowUp.None, d.FollowUp);
    }

    [Fact]
    public void Shutdown_DuringAFakeReboot_IsInvisibleAndRestartsTheGuest()
    {
        var d = EventTransitions.Decide(Running(fakeReboot: true), new QmpEventView("SHUTDOWN", Guest: true, Reason: "guest-shutdown"));
        Assert.Null(d.NewState);
        Assert.Empty(d.Emits);
        Assert.Equal(FollowUp.FakeReboot, d.FollowUp);
    }

    [Fact]
    public void Shutdown_WithOnPoweroffRestart_RestartsInPlace()
    {
        var d = EventTransitions.Decide(Running(onPoweroff: LifecycleAction.Restart), new QmpEventView("SHUTDOWN", Guest: true, Reason: "guest-shutdown"));
        Assert.Equal(FollowUp.FakeReboot, d.FollowUp);
    }

    [Fact]
    public void Shutdown_FromAGuestRebootUnderNoReboot_EndsTheProcess_OnRebootDestroy()
    {
        // on_reboot=destroy runs QEMU with -no-reboot: the guest's reboot arrives as SHUTDOWN reason guest-reset.
        var d = EventTransitions.Decide(Running(onPoweroff: LifecycleAction.Restart, onReboot: LifecycleAction.Destroy),
            new QmpEventView("SHUTDOWN", Guest: true, Reason: "guest-reset"));
        Assert.Equal(FollowUp.EndProcess, d.FollowUp);
        Assert.Equal(StateWithReason.Of(ShutdownReason.Unknown), d.NewState);
    }

    [Fact]
    public void Shutdown_Repeated_IsIgnored()
    {
        var inShutdown = Running() with { State = StateWithReason.Of(ShutdownReason.Unknown) };
        Assert.Same(EventDecision.Ignore, EventTransitions.Decide(inShutdown, new QmpEventView("SHUTDOWN", Guest: true)));
    }

    [Fact]
    public void Shutdown_WithoutGuestField_IsFinished()
    {
        var d = EventTransitions.Decide(Running(), new QmpEventView("SHUTDOWN"));
        Assert.Equal([new EmitLifecycle(LifecycleEventType.Shutdown, (int)ShutdownDetail.Finished)], d.Emits);
    }

    [Theory]
    [InlineData(LifecycleAction.Destroy, (int)FollowUp.EndProcess)]
    [InlineData(LifecycleAction.CoredumpDestroy, (int)FollowUp.EndProcess)]
    [InlineData(LifecycleAction.Restart, (int)FollowUp.FakeReboot)]
    [InlineData(LifecycleAction.Preserve, (int)FollowUp.None)]
    public void GuestPanicked_GoesCrashedPanicked_ThenFollowsOnCrash(LifecycleAction onCrash, int expectedFollowUp)
    {
        var expected = (FollowUp)expectedFollowUp;
        var d = EventTransitions.Decide(Running(onCrash: onCrash), new QmpEventView("GUEST_PANICKED", PanicAction: "pause"));
        Assert.Equal(StateWithReason.Of(CrashedReason.Panicked), d.NewState);
        Assert.Equal([new EmitLifecycle(LifecycleEventType.Crashed, (int)CrashedDetail.Panicked)], d.Emits);
        Assert.Equal(expected, d.FollowUp);
        if (expected == FollowUp.EndProcess) Assert.Equal(ShutoffReason.Crashed, d.StopReason);
    }

    [Fact]
    public void BalloonChange_IsReportedInKiB()
    {
        var d = EventTransitions.Decide(Running(), new QmpEventView("BALLOON_CHANGE", BalloonActualBytes: 268435456));
        Assert.Equal(262144UL, d.BalloonKiB);
        Assert.Equal([new EmitBalloon(262144)], d.Emits);
    }

    [Fact]
    public void Powerdown_IsOnlyInformational()
    {
        Assert.Same(EventDecision.Ignore, EventTransitions.Decide(Running(), new QmpEventView("POWERDOWN")));
    }

    [Theory]
    [InlineData(null, false, ShutoffReason.Crashed, StoppedDetail.Failed)]
    [InlineData(null, true, ShutoffReason.Shutdown, StoppedDetail.Shutdown)]
    [InlineData(ShutoffReason.Destroyed, true, ShutoffReason.Destroyed, StoppedDetail.Destroyed)]
    [InlineData(ShutoffReason.Destroyed, false, ShutoffReason.Destroyed, StoppedDetail.Destroyed)]
    [InlineData(ShutoffReason.Crashed, true, ShutoffReason.Crashed, StoppedDetail.Crashed)]
    public void ExitOutcome_FollowsTheIntentThenWhatQemuSaid(ShutoffReason? intended, bool gotShutdown, ShutoffReason reason, StoppedDetail detail)
    {
        Assert.Equal((reason, detail), EventTransitions.ExitOutcome(intended, gotShutdown));
    }

    [Fact]
    public void Suspend_WhileRunning_IsPmSuspendedWithPmSuspendThenTheLifecycleEvent()
    {
        var d = EventTransitions.Decide(Running(), new QmpEventView("SUSPEND"));
        Assert.Equal(new StateWithReason(DomainState.PmSuspended, 0), d.NewState);
        Assert.Equal([new EmitPmSuspend(), new EmitLifecycle(LifecycleEventType.PmSuspended, (int)PmSuspendedDetail.Memory)], d.Emits);
        Assert.Equal(EventDecision.Ignore, EventTransitions.Decide(Paused(), new QmpEventView("SUSPEND")));
    }

    [Fact]
    public void Wakeup_OfAPmSuspendedGuest_RunsItWithReasonWakeup_OtherwiseOnlyThePmWakeupEvent()
    {
        var suspended = Running() with { State = new StateWithReason(DomainState.PmSuspended, 0) };
        var d = EventTransitions.Decide(suspended, new QmpEventView("WAKEUP"));
        Assert.Equal(StateWithReason.Of(RunningReason.Wakeup), d.NewState);
        Assert.Equal([new EmitPmWakeup(), new EmitLifecycle(LifecycleEventType.Started, (int)StartedDetail.Wakeup)], d.Emits);

        var running = EventTransitions.Decide(Running(), new QmpEventView("WAKEUP"));
        Assert.Null(running.NewState);
        Assert.Equal([new EmitPmWakeup()], running.Emits);
    }
}
