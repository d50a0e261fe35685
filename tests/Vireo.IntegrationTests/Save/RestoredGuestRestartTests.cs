using Vireo.Core.State;
using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Driver;

namespace Vireo.IntegrationTests.Save;

/// <summary>
/// A guest restored from a save image is an ordinary running guest to a restarted engine (a daemon
/// restart over the same state directory): the new engine reconnects to the same QEMU, keeps the state
/// reason "restored" and the console, and can save it again.
/// </summary>
public sealed class RestoredGuestRestartTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_new_engine_reconnects_to_a_restored_guest()
    {
        var name = DemoKit.UniqueName("rsrest");
        var image = Path.Combine(_root.Path, "g.save");
        DomainRef d;
        int pid;
        var first = await Engine.StartAsync(_root.Path);
        try
        {
            d = await first.DefineAndStartAsync(name);
            await using (var console = await first.ConsoleAsync(d.Uuid))
            {
                await console.WaitUntilReadyAsync();
                await console.RunAsync("echo across-restart-5 > /tmp/marker");
            }
            var save = Save(first);
            await save.SaveAsync(d.Uuid, image, null, SaveFlags.None, CancellationToken.None);
            Assert.Equal(StateWithReason.Of(ShutoffReason.Saved), first.State(d.Uuid));
            await save.RestoreAsync(image, null, SaveFlags.None, CancellationToken.None);
            Assert.Equal(StateWithReason.Of(RunningReason.Restored), first.State(d.Uuid));
            pid = ((GuestProcess)first.Driver.Registry.GetByUuid(d.Uuid).Handle!).Process.Pid;
        }
        catch
        {
            await first.DestroyAllAsync();
            await first.DisposeAsync();
            throw;
        }
        await first.DisposeAsync(); // the engine goes away; the restored guest must not

        Assert.True(Vireo.Platform.Processes.ProcPidStat.TryRead(pid) is { State: not 'Z' }, "QEMU of the restored guest survives the engine");
        await using var second = await Engine.StartAsync(_root.Path);
        try
        {
            Assert.Equal(StateWithReason.Of(RunningReason.Restored), second.State(d.Uuid));
            Assert.Equal(pid, ((GuestProcess)second.Driver.Registry.GetByUuid(d.Uuid).Handle!).Process.Pid);
            await using (var console = await second.ConsoleAsync(d.Uuid, history: false))
                Assert.Equal("across-restart-5\n", await console.RunAsync("cat /tmp/marker"));

            // The reconnected monitor carries a second save through, and the image restores again.
            File.Delete(image);
            var save = Save(second);
            await save.SaveAsync(d.Uuid, image, null, SaveFlags.None, CancellationToken.None);
            Assert.Equal(StateWithReason.Of(ShutoffReason.Saved), second.State(d.Uuid));
            Assert.True(Vireo.Platform.Processes.ProcPidStat.TryRead(pid) is null or { State: 'Z' }, "a saved guest's QEMU is gone");
            await save.RestoreAsync(image, null, SaveFlags.None, CancellationToken.None);
            await using (var console = await second.ConsoleAsync(d.Uuid, history: false))
                Assert.Equal("across-restart-5\n", await console.RunAsync("cat /tmp/marker"));
        }
        finally
        {
            await second.DestroyAllAsync();
        }
    }

    private static IDomainSave Save(Engine engine) =>
        engine.Driver.Feature<IDomainSave>() ?? throw new InvalidOperationException("the QEMU driver has no save feature");
}
