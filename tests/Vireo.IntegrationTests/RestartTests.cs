using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Driver;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests;

/// <summary>
/// The engine stops while guests run and starts again on the same state directory (a daemon restart,
/// or the embedded CLI exiting and running again): nothing is lost.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task NewEngine_ReconnectsToARunningGuest_SameId_ConsoleHistory_AndCanDestroyIt()
    {
        var name = DemoKit.UniqueName("recon");
        var first = await Engine.StartAsync(_root.Path);
        DomainRef d;
        int pid;
        try
        {
            d = await first.DefineAndStartAsync(name);
            pid = ((GuestProcess)first.Driver.Registry.GetByUuid(d.Uuid).Handle!).Process.Pid;
            await using var console = await first.ConsoleAsync(d.Uuid);
            await console.WaitUntilReadyAsync();
            await first.Lifecycle.SuspendAsync(d.Uuid, CancellationToken.None);
        }
        catch
        {
            await first.DestroyAllAsync();
            throw;
        }
        await first.DisposeAsync(); // the engine goes away; the guest must not

        Assert.True(Vireo.Platform.Processes.ProcPidStat.TryRead(pid) is { State: not 'Z' }, "QEMU survives the engine");
        await using var second = await Engine.StartAsync(_root.Path);
        try
        {
            var again = second.Domains.LookupByUuid(d.Uuid);
            Assert.Equal(d.Id, again.Id);
            Assert.Equal(StateWithReason.Of(PausedReason.User), second.State(d.Uuid)); // the saved reason, confirmed by QEMU
            Assert.Equal(pid, ((GuestProcess)second.Driver.Registry.GetByUuid(d.Uuid).Handle!).Process.Pid);

            await second.Lifecycle.ResumeAsync(d.Uuid, CancellationToken.None);
            await using var console = await second.ConsoleAsync(d.Uuid, history: true);
            await console.WaitForAsync("SeaBIOS (version", 0, TimeSpan.FromSeconds(10)); // history from before the restart
            await console.WaitForAsync(DemoKit.MarkerLine(), 0, TimeSpan.FromSeconds(10));
            Assert.Contains("after-restart-42", await console.RunAsync("echo after-restart-$((40+2))"));

            // New ids continue above the reconnected one.
            var other = await second.Lifecycle.DefineAsync(DemoKit.DomainXml(DemoKit.UniqueName("next")), DefineFlags.None, CancellationToken.None);
            var started = await second.Lifecycle.StartAsync(other.Uuid, CreateFlags.None, CancellationToken.None);
            Assert.True(started.Id > d.Id);

            await second.Lifecycle.DestroyAsync(d.Uuid, DestroyFlags.Default, CancellationToken.None);
            Assert.Equal(StateWithReason.Of(ShutoffReason.Destroyed), second.State(d.Uuid));
            Assert.True(Vireo.Platform.Processes.ProcPidStat.TryRead(pid) is null or { State: 'Z' });
        }
        finally
        {
            await second.DestroyAllAsync();
        }
    }

    [Fact]
    public async Task GuestThatPoweredOffWhileNoEngineRan_IsShutOffAfterReconnect()
    {
        var name = DemoKit.UniqueName("away");
        var first = await Engine.StartAsync(_root.Path);
        DomainRef d;
        string monitor;
        try
        {
            d = await first.DefineAndStartAsync(name);
            monitor = ((GuestProcess)first.Driver.Registry.GetByUuid(d.Uuid).Handle!).Paths.MonitorSocket;
            await using var console = await first.ConsoleAsync(d.Uuid);
            await console.WaitUntilReadyAsync();
        }
        catch
        {
            await first.DestroyAllAsync();
            throw;
        }
        await first.DisposeAsync();

        // With no engine watching, press the power button ourselves and wait until QEMU sits in 'shutdown'.
        await using (var qmp = await QmpClient.ConnectAsync(monitor, ct: TestContext.Current.CancellationToken))
        {
            await qmp.ExecuteAsync(QmpCommands.SystemPowerdown(), TestContext.Current.CancellationToken);
            await Expect.EventuallyAsync(
                async () => QmpStatus.FromJson(await qmp.ExecuteAsync(QmpCommands.QueryStatus(), TestContext.Current.CancellationToken)).Status,
                status => status == "shutdown", "QEMU's 'shutdown' status after the ACPI power button");
        }

        await using var second = await Engine.StartAsync(_root.Path);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Shutdown), second.State(d.Uuid));
        Assert.False(File.Exists(Path.Combine(second.Paths.RunDir, name + ".xml")));
    }

    [Fact]
    public async Task GuestThatDiedWhileNoEngineRan_IsShutOffCrashed()
    {
        var name = DemoKit.UniqueName("dead");
        var first = await Engine.StartAsync(_root.Path);
        var d = await first.DefineAndStartAsync(name);
        var process = ((GuestProcess)first.Driver.Registry.GetByUuid(d.Uuid).Handle!).Process;
        var identity = process.Identity;
        await first.DisposeAsync();

        var adopted = Vireo.Platform.Processes.WatchedProcess.TryAdopt(identity)!;
        await adopted.KillAsync(TestContext.Current.CancellationToken); // we started it, we kill it
        adopted.Dispose();

        await using var second = await Engine.StartAsync(_root.Path);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Crashed), second.State(d.Uuid));
        Assert.False(File.Exists(Path.Combine(second.Paths.RunDir, name + ".xml")));
        Assert.Equal(-1, second.Domains.LookupByUuid(d.Uuid).Id);
    }

    [Fact]
    public async Task ASecondEngineOnTheSameRoot_IsRefusedWhileTheFirstRuns_AndWelcomeAfterIt()
    {
        var first = await Engine.StartAsync(_root.Path);
        var e = await Assert.ThrowsAsync<Vireo.Core.Errors.VirException>(async () =>
            await Engine.StartAsync(_root.Path, new QemuDriverOptions { JobWait = TimeSpan.FromMilliseconds(200) }));
        Assert.Contains("is in use by another Vireo engine", e.Message);
        Assert.Contains($"pid {Environment.ProcessId}", e.Message);
        await first.DisposeAsync();
        await using var second = await Engine.StartAsync(_root.Path);
        Assert.Empty(second.Domains.List(ListFlags.All));
    }

    [Fact]
    public async Task HowADomainStopped_SurvivesAnEngineRestart_UntilItIsUndefined()
    {
        var name = DemoKit.UniqueName("why");
        DomainRef d;
        await using (var first = await Engine.StartAsync(_root.Path))
        {
            d = await first.DefineAndStartAsync(name);
            await first.Lifecycle.DestroyAsync(d.Uuid, DestroyFlags.Default, CancellationToken.None);
        }
        await using var second = await Engine.StartAsync(_root.Path);
        Assert.Equal(StateWithReason.Of(ShutoffReason.Destroyed), second.State(d.Uuid)); // libvirt would say "unknown" here
        await second.Lifecycle.UndefineAsync(d.Uuid, UndefineFlags.None, CancellationToken.None);
        Assert.Empty(Directory.EnumerateFiles(second.Paths.RunDir, name + ".*"));
    }

    [Fact]
    public async Task AgentTimeout_OfARunningGuest_SurvivesAnEngineRestart()
    {
        var name = DemoKit.UniqueName("gat");
        DomainRef d;
        await using (var first = await Engine.StartAsync(_root.Path))
        {
            d = await first.DefineAndStartAsync(name);
            await first.Driver.Feature<IDomainGuestAgent>()!.SetAgentTimeoutAsync(d.Uuid, 7, 0, CancellationToken.None);
        }
        await using var second = await Engine.StartAsync(_root.Path);
        Assert.Equal(7, second.Driver.Registry.GetByUuid(d.Uuid).AgentTimeout); // libvirt keeps it in the status XML too
        await second.DestroyAllAsync();
    }

    [Fact]
    public async Task Autostart_StartsTheDomainWhenTheEngineStarts()
    {
        var name = DemoKit.UniqueName("auto");
        DomainRef d;
        await using (var first = await Engine.StartAsync(_root.Path))
        {
            d = await first.Lifecycle.DefineAsync(DemoKit.DomainXml(name), DefineFlags.None, CancellationToken.None);
            await first.Lifecycle.SetAutostartAsync(d.Uuid, true, CancellationToken.None);
            Assert.True(first.Domains.Autostart(d.Uuid));
            Assert.Equal(DomainState.Shutoff, first.State(d.Uuid).State);
        }
        Assert.NotNull(new FileInfo(Path.Combine(QemuDriverPaths.Under(_root.Path).ConfigDir, "autostart", name + ".xml")).LinkTarget);
        // Autostart runs once per host boot (as libvirtd's); a reboot empties the run directory's marker.
        File.Delete(Path.Combine(QemuDriverPaths.Under(_root.Path).RunDir, "autostarted"));

        await using var second = await Engine.StartAsync(_root.Path);
        try
        {
            Assert.Equal(StateWithReason.Of(RunningReason.Booted), second.State(d.Uuid));
            Assert.True(second.Domains.Autostart(d.Uuid));
            Assert.Contains(second.Domains.List(ListFlags.Autostart), x => x.Ref.Uuid == d.Uuid);
        }
        finally
        {
            await second.DestroyAllAsync();
        }
    }
}
