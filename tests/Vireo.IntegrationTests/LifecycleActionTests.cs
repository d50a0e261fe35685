using Vireo.Core.State;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Driver;

namespace Vireo.IntegrationTests;

/// <summary>on_poweroff, on_reboot and on_crash, triggered from inside the real guest.</summary>
public sealed class LifecycleActionTests : IAsyncLifetime
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);
    private readonly TempRoot _root = new();
    private Engine _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await Engine.StartAsync(_root.Path);

    public async ValueTask DisposeAsync()
    {
        await _engine.DestroyAllAsync();
        await _engine.DisposeAsync();
        _root.Dispose();
    }

    private static string Actions(string xml, string poweroff, string reboot, string crash) => xml
        .Replace("<on_poweroff>destroy</on_poweroff>", $"<on_poweroff>{poweroff}</on_poweroff>")
        .Replace("<on_reboot>restart</on_reboot>", $"<on_reboot>{reboot}</on_reboot>")
        .Replace("<on_crash>destroy</on_crash>", $"<on_crash>{crash}</on_crash>")
        .Replace("</devices>", "  <panic model='isa'/>\n  </devices>");

    private int Pid(Guid uuid) => ((GuestProcess)_engine.Driver.Registry.GetByUuid(uuid).Handle!).Process.Pid;

    [Fact]
    public async Task OnRebootDestroy_AGuestRebootShutsItOff()
    {
        var name = DemoKit.UniqueName("rbdes");
        using var events = new EventLog(_engine.Driver.Events, name);
        var d = await _engine.DefineAndStartAsync(name, x => Actions(x, "destroy", "destroy", "destroy"));
        await using var console = await _engine.ConsoleAsync(d.Uuid);
        await console.WaitUntilReadyAsync();
        await console.TypeAsync("reboot\n");
        await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Shutdown, EventTimeout);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Shutdown), _engine.State(d.Uuid));
    }

    [Fact]
    public async Task OnPoweroffRestart_AGuestPoweroffBootsItAgainInTheSameQemu()
    {
        var name = DemoKit.UniqueName("pwrst");
        using var events = new EventLog(_engine.Driver.Events, name);
        var d = await _engine.DefineAndStartAsync(name, x => Actions(x, "restart", "restart", "destroy"));
        var pid = Pid(d.Uuid);
        await using var console = await _engine.ConsoleAsync(d.Uuid);
        await console.WaitUntilReadyAsync();
        int from = console.Length;
        await console.TypeAsync("poweroff\n");
        await console.WaitUntilReadyAsync(from);
        Assert.Equal(DomainState.Running, _engine.State(d.Uuid).State);
        Assert.Equal(pid, Pid(d.Uuid));
        Assert.DoesNotContain(events.All.OfType<LifecycleEvent>(), e => e.Type == LifecycleEventType.Stopped);
    }

    [Fact]
    public async Task OnCrashDestroy_AGuestPanicIsCrashedThenShutOffCrashed()
    {
        var name = DemoKit.UniqueName("panic");
        using var events = new EventLog(_engine.Driver.Events, name);
        var d = await _engine.DefineAndStartAsync(name, x => Actions(x, "destroy", "restart", "destroy"));
        await using var console = await _engine.ConsoleAsync(d.Uuid);
        await console.WaitUntilReadyAsync();
        await console.TypeAsync("echo 1 > /proc/sys/kernel/sysrq; echo c > /proc/sysrq-trigger\n");
        await events.WaitForLifecycleAsync(LifecycleEventType.Crashed, (int)CrashedDetail.Panicked, EventTimeout);
        await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Crashed, EventTimeout);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Crashed), _engine.State(d.Uuid));
    }

    [Fact]
    public async Task OnCrashPreserve_APanickedGuestStaysCrashedPanicked_UntilDestroyed()
    {
        var name = DemoKit.UniqueName("keep");
        using var events = new EventLog(_engine.Driver.Events, name);
        var d = await _engine.DefineAndStartAsync(name, x => Actions(x, "destroy", "restart", "preserve"));
        await using var console = await _engine.ConsoleAsync(d.Uuid);
        await console.WaitUntilReadyAsync();
        await console.TypeAsync("echo 1 > /proc/sys/kernel/sysrq; echo c > /proc/sysrq-trigger\n");
        await events.WaitForLifecycleAsync(LifecycleEventType.Crashed, (int)CrashedDetail.Panicked, EventTimeout);
        Assert.Equal(StateWithReason.Of(CrashedReason.Panicked), _engine.State(d.Uuid));
        await _engine.Lifecycle.DestroyAsync(d.Uuid, Drivers.Contracts.DestroyFlags.Default, CancellationToken.None);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Destroyed), _engine.State(d.Uuid));
    }
}
