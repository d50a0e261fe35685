using Vireo.Core.State;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Driver;

namespace Vireo.IntegrationTests;

/// <summary>on_poweroff, on_reboot and on_crash, triggered from inside the real guest.</summary>
public sealed class LifecycleActionTests : EngineTest
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    private static string Actions(string xml, string poweroff, string reboot, string crash) => xml
        .Replace("<on_poweroff>destroy</on_poweroff>", $"<on_poweroff>{poweroff}</on_poweroff>")
        .Replace("<on_reboot>restart</on_reboot>", $"<on_reboot>{reboot}</on_reboot>")
        .Replace("<on_crash>destroy</on_crash>", $"<on_crash>{crash}</on_crash>")
        .Replace("</devices>", "  <panic model='isa'/>\n  </devices>");

    private int Pid(Guid uuid) => ((GuestProcess)Engine.Driver.Registry.GetByUuid(uuid).Handle!).Process.Pid;

    [Fact]
    public async Task OnRebootDestroy_AGuestRebootShutsItOff()
    {
        var name = DemoKit.UniqueName("rbdes");
        using var events = new EventLog(Engine.Driver.Events, name);
        var d = await Engine.DefineAndStartAsync(name, x => Actions(x, "destroy", "destroy", "destroy"));
        await using var console = await Engine.ConsoleAsync(d.Uuid);
        await console.WaitUntilReadyAsync();
        await console.TypeAsync("reboot\n");
        await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Shutdown, EventTimeout);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Shutdown), Engine.State(d.Uuid));
    }

    [Fact]
    public async Task OnPoweroffRestart_AGuestPoweroffBootsItAgainInTheSameQemu()
    {
        var name = DemoKit.UniqueName("pwrst");
        using var events = new EventLog(Engine.Driver.Events, name);
        var d = await Engine.DefineAndStartAsync(name, x => Actions(x, "restart", "restart", "destroy"));
        var pid = Pid(d.Uuid);
        await using var console = await Engine.ConsoleAsync(d.Uuid);
        await console.WaitUntilReadyAsync();
        int from = console.Length;
        await console.TypeAsync("poweroff\n");
        await console.WaitUntilReadyAsync(from);
        Assert.Equal(DomainState.Running, Engine.State(d.Uuid).State);
        Assert.Equal(pid, Pid(d.Uuid));
        Assert.DoesNotContain(events.All.OfType<LifecycleEvent>(), e => e.Type == LifecycleEventType.Stopped);
    }

    /// <summary>
    /// set-lifecycle-action --live on a running guest: QEMU started without -no-reboot is told with set-action, so
    /// the guest's own reboot now ends it; power-off still restarts it (the engine reads the live definition).
    /// </summary>
    [Fact]
    public async Task SetLifecycleActionLive_OnRebootDestroyMakesTheRunningGuestsRebootShutItOff()
    {
        var name = DemoKit.UniqueName("slact");
        using var events = new EventLog(Engine.Driver.Events, name);
        var d = await Engine.DefineAndStartAsync(name, x => Actions(x, "restart", "restart", "destroy"));
        await using var console = await Engine.ConsoleAsync(d.Uuid);
        await console.WaitUntilReadyAsync();
        await Engine.Lifecycle.SetLifecycleActionAsync(d.Uuid, Drivers.Contracts.LifecycleTrigger.Reboot, Core.Domain.LifecycleAction.Destroy,
            Drivers.Contracts.ModifyFlags.Live, CancellationToken.None);
        Assert.Contains("<on_reboot>destroy</on_reboot>", Engine.Driver.Domains.Xml(d.Uuid, Drivers.Contracts.XmlFlags.None));
        Assert.Contains("<on_reboot>restart</on_reboot>", Engine.Driver.Domains.Xml(d.Uuid, Drivers.Contracts.XmlFlags.Inactive));
        await console.TypeAsync("reboot\n");
        await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Shutdown, EventTimeout);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Shutdown), Engine.State(d.Uuid));
    }

    /// <summary>Boots a guest with the given actions and a pvpanic device, waits for its prompt, and makes its kernel panic.</summary>
    private async Task<(Guid Uuid, EventLog Events)> PanicAsync(string prefix, string onCrash)
    {
        var name = DemoKit.UniqueName(prefix);
        var events = new EventLog(Engine.Driver.Events, name);
        var d = await Engine.DefineAndStartAsync(name, x => Actions(x, "destroy", "restart", onCrash));
        await using var console = await Engine.ConsoleAsync(d.Uuid);
        await console.WaitUntilReadyAsync();
        await console.TypeAsync("echo 1 > /proc/sys/kernel/sysrq; echo c > /proc/sysrq-trigger\n");
        await events.WaitForLifecycleAsync(LifecycleEventType.Crashed, (int)CrashedDetail.Panicked, EventTimeout);
        return (d.Uuid, events);
    }

    [Fact]
    public async Task OnCrashDestroy_AGuestPanicIsCrashedThenShutOffCrashed()
    {
        var (uuid, events) = await PanicAsync("panic", "destroy");
        using (events)
            await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Crashed, EventTimeout);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Crashed), Engine.State(uuid));
    }

    [Fact]
    public async Task OnCrashPreserve_APanickedGuestStaysCrashedPanicked_UntilDestroyed()
    {
        var (uuid, events) = await PanicAsync("keep", "preserve");
        events.Dispose();
        Assert.Equal(StateWithReason.Of(CrashedReason.Panicked), Engine.State(uuid));
        await Engine.Lifecycle.DestroyAsync(uuid, Drivers.Contracts.DestroyFlags.Default, CancellationToken.None);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Destroyed), Engine.State(uuid));
    }
}
