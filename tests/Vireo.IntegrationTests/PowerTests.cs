using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;
using Vireo.Platform.Processes;
using Vireo.Qemu.Driver;

namespace Vireo.IntegrationTests;

/// <summary>Ways a guest ends: ACPI shutdown, destroy, QEMU killed behind the engine's back. One guest per test.</summary>
public sealed class PowerTests : EngineTest
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    private GuestProcess Guest(Guid uuid) => (GuestProcess)Engine.Driver.Registry.GetByUuid(uuid).Handle!;

    [Fact]
    public async Task Shutdown_ThroughAcpi_EndsShutOffShutdown_AndKeepsTheDefinition()
    {
        var name = DemoKit.UniqueName("shut");
        using var events = new EventLog(Engine.Driver.Events, name);
        var d = await Engine.DefineAndStartAsync(name);
        await using (var console = await Engine.ConsoleAsync(d.Uuid))
            await console.WaitUntilReadyAsync();
        var pid = Guest(d.Uuid).Process.Pid;

        await Engine.Lifecycle.ShutdownAsync(d.Uuid, ShutdownFlags.Default, CancellationToken.None);
        await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Shutdown, EventTimeout);

        Assert.Equal(StateWithReason.Of(ShutoffReason.Shutdown), Engine.State(d.Uuid));
        Assert.Contains((LifecycleEventType.Shutdown, (int)ShutdownDetail.Guest), events.Lifecycle);
        Assert.Equal(-1, Engine.Domains.LookupByUuid(d.Uuid).Id);
        Assert.False(File.Exists(Path.Combine(Engine.Paths.RunDir, name + ".xml")), "the status file is removed");
        Assert.True(File.Exists(Path.Combine(Engine.Paths.ConfigDir, name + ".xml")), "the definition stays");
        Assert.False(Directory.Exists($"/proc/{pid}") && ProcPidStat.TryRead(pid) is { State: not 'Z' } s && s.Comm.StartsWith("qemu", StringComparison.Ordinal), "QEMU has exited");
    }

    [Fact]
    public async Task Destroy_EndsShutOffDestroyed_WithLibvirtsEvents_AndLeavesNoProcessOrSockets()
    {
        var name = DemoKit.UniqueName("dest");
        using var events = new EventLog(Engine.Driver.Events, name);
        var d = await Engine.DefineAndStartAsync(name);
        var guest = Guest(d.Uuid);
        var identity = guest.Process.Identity;
        var runDir = guest.Paths.Directory;

        await Engine.Lifecycle.DestroyAsync(d.Uuid, DestroyFlags.Default, CancellationToken.None);

        // Destroy returns with everything done: no waiting needed for any of this.
        Assert.Equal(StateWithReason.Of(ShutoffReason.Destroyed), Engine.State(d.Uuid));
        Assert.False(identity.IsAlive());
        Assert.False(Directory.Exists(runDir));
        Assert.False(File.Exists(Path.Combine(Engine.Paths.RunDir, name + ".xml")));
        await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Destroyed, EventTimeout);
        var lifecycle = events.Lifecycle;
        int shutdownHost = lifecycle.IndexOf((LifecycleEventType.Shutdown, (int)ShutdownDetail.Host));
        Assert.True(shutdownHost >= 0 && shutdownHost < lifecycle.IndexOf((LifecycleEventType.Stopped, (int)StoppedDetail.Destroyed)),
            $"libvirt reports 'Shutdown Finished after host request' then 'Stopped Destroyed'; got {string.Join(", ", lifecycle)}");

        var e = await Assert.ThrowsAsync<VirException>(async () => await Engine.Lifecycle.DestroyAsync(d.Uuid, DestroyFlags.Default, CancellationToken.None));
        Assert.Equal(VirErrorCode.OperationInvalid, e.Code);
        Assert.Contains("not running", e.Message);
    }

    [Fact]
    public async Task KilledQemu_IsNoticedAtOnce_AsShutOffCrashed()
    {
        var name = DemoKit.UniqueName("kill");
        using var events = new EventLog(Engine.Driver.Events, name);
        var d = await Engine.DefineAndStartAsync(name);
        var guest = Guest(d.Uuid);
        await using var console = await Engine.ConsoleAsync(d.Uuid);

        Assert.True(guest.Process.Signal(Signals.SIGKILL)); // behind the engine's back

        await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Failed, EventTimeout);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Crashed), Engine.State(d.Uuid));
        Assert.False(File.Exists(Path.Combine(Engine.Paths.RunDir, name + ".xml")));
        Assert.False(Directory.Exists(guest.Paths.Directory));
        await Expect.EventuallyAsync(() => Task.FromResult(console.Ended), ended => ended, "the end of the attached console", TimeSpan.FromSeconds(30));

        // It can be started again.
        await Engine.Lifecycle.StartAsync(d.Uuid, CreateFlags.None, CancellationToken.None);
        Assert.Equal(DomainState.Running, Engine.State(d.Uuid).State);
    }

    [Fact]
    public async Task GuestPoweroff_FromItsOwnShell_IsShutOffShutdown()
    {
        var name = DemoKit.UniqueName("poff");
        using var events = new EventLog(Engine.Driver.Events, name);
        var d = await Engine.DefineAndStartAsync(name);
        await using var console = await Engine.ConsoleAsync(d.Uuid);
        await console.WaitUntilReadyAsync();
        await console.TypeAsync("poweroff\n");
        await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Shutdown, EventTimeout);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Shutdown), Engine.State(d.Uuid));
        Assert.Contains((LifecycleEventType.Shutdown, (int)ShutdownDetail.Guest), events.Lifecycle);
    }
}
