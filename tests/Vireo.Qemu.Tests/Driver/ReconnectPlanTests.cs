using Vireo.Core.Domain;
using Vireo.Core.State;
using Vireo.Qemu.Driver;

namespace Vireo.Qemu.Tests.Driver;

public sealed class ReconnectPlanTests
{
    private static readonly StateWithReason RunningBooted = StateWithReason.Of(RunningReason.Booted);
    private static readonly StateWithReason PausedUser = StateWithReason.Of(PausedReason.User);

    [Fact]
    public void Running_AsSaved_KeepsTheSavedReason()
    {
        Assert.Equal(new ReconnectDecision(ReconnectAction.Keep, RunningBooted), ReconnectPlan.ForLiveProcess("running", RunningBooted));
    }

    [Fact]
    public void Running_ButSavedPaused_IsRunningUnknown()
    {
        Assert.Equal(StateWithReason.Of(RunningReason.Unknown), ReconnectPlan.ForLiveProcess("running", PausedUser).State);
    }

    [Fact]
    public void Paused_AsSaved_KeepsTheSavedReason()
    {
        Assert.Equal(PausedUser, ReconnectPlan.ForLiveProcess("paused", PausedUser).State);
    }

    [Fact]
    public void Paused_ButSavedRunning_IsPausedUnknown()
    {
        Assert.Equal(StateWithReason.Of(PausedReason.Unknown), ReconnectPlan.ForLiveProcess("paused", RunningBooted).State);
        // A guest that suspended itself to RAM while no engine watched is pmsuspended, as libvirt shows it.
        Assert.Equal(new StateWithReason(DomainState.PmSuspended, 0), ReconnectPlan.ForLiveProcess("suspended", RunningBooted).State);
    }

    [Fact]
    public void Shutdown_WhileNobodyWatched_FinishesTheShutdown()
    {
        var d = ReconnectPlan.ForLiveProcess("shutdown", RunningBooted);
        Assert.Equal(ReconnectAction.FinishShutdown, d.Action);
        Assert.Equal(FollowUp.EndProcess, ReconnectPlan.ForFinishedShutdown(LifecycleAction.Destroy));
        Assert.Equal(FollowUp.FakeReboot, ReconnectPlan.ForFinishedShutdown(LifecycleAction.Restart));
    }

    [Fact]
    public void Panicked_WhileNobodyWatched_FollowsOnCrash()
    {
        Assert.Equal(ReconnectAction.FinishCrash, ReconnectPlan.ForLiveProcess("guest-panicked", RunningBooted).Action);
        Assert.Equal(FollowUp.None, ReconnectPlan.ForFinishedCrash(LifecycleAction.Preserve));
        Assert.Equal(FollowUp.EndProcess, ReconnectPlan.ForFinishedCrash(LifecycleAction.Destroy));
    }

    [Theory]
    [InlineData("io-error", PausedReason.IoError)]
    [InlineData("watchdog", PausedReason.Watchdog)]
    [InlineData("internal-error", PausedReason.Unknown)]
    [InlineData("prelaunch", PausedReason.Unknown)]
    public void OtherStatuses_ArePausedWithTheMatchingReason(string status, PausedReason reason)
    {
        Assert.Equal(StateWithReason.Of(reason), ReconnectPlan.ForLiveProcess(status, RunningBooted).State);
    }

    [Fact]
    public void AGoneProcess_IsShutOffCrashed()
    {
        Assert.Equal(new ReconnectDecision(ReconnectAction.Gone, StateWithReason.Of(ShutoffReason.Crashed)), ReconnectPlan.ForDeadProcess());
    }
}
