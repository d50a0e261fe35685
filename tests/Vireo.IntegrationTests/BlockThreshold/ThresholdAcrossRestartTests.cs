using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.BlockThreshold;

/// <summary>
/// A write threshold set before the engine restarts (a vireod restart over the same state directory) is still
/// armed afterwards: the new engine reads it back from QEMU's storage node, domstats shows it, and a real write
/// past it inside the guest sends BLOCK_THRESHOLD naming the disk.
/// </summary>
public sealed class ThresholdAcrossRestartTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_threshold_armed_before_a_restart_still_fires_and_shows_in_domstats()
    {
        var name = DemoKit.UniqueName("thrrs");
        var image = Path.Combine(_root.Path, "thin.qcow2");
        await ProcessRunner.OkAsync("qemu-img", ["create", "-q", "-f", "qcow2", image, "64M"]);
        Guid uuid;
        var first = await Engine.StartAsync(_root.Path);
        try
        {
            uuid = (await first.DefineAndStartAsync(name, xml => xml.Replace("<serial type='pty'>",
                $"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{image}'/><target dev='vdb' bus='virtio'/></disk><serial type='pty'>",
                StringComparison.Ordinal))).Uuid;
            await using (var console = await first.ConsoleAsync(uuid))
                await console.WaitUntilReadyAsync();
            await Threshold(first).SetBlockThresholdAsync(uuid, "vdb", 1 << 20, CancellationToken.None);
        }
        catch
        {
            await first.DestroyAllAsync();
            await first.DisposeAsync();
            throw;
        }
        await first.DisposeAsync(); // the guest runs on with the threshold in QEMU

        await using var second = await Engine.StartAsync(_root.Path);
        try
        {
            Assert.Contains(("block.0.threshold", "1048576"), await BlockStats(second, uuid));
            using var events = new EventLog(second.Driver.Events, name);
            await using (var console = await second.ConsoleAsync(uuid, history: false))
                await console.RunAsync("dd if=/dev/urandom of=/dev/vda bs=64k count=64 oflag=direct 2>&1; sync; echo written");
            var fired = (BlockThresholdEvent)await events.WaitForAsync(e => e is BlockThresholdEvent, TimeSpan.FromSeconds(60), "block-threshold");
            Assert.Equal(("vdb", image, 1048576UL), (fired.Dev, fired.Path, fired.Threshold));
            Assert.True(fired.Excess > 0, $"the write went past the threshold by {fired.Excess} bytes");
            Assert.DoesNotContain(await BlockStats(second, uuid), p => p.Field.EndsWith(".threshold", StringComparison.Ordinal)); // one-shot
        }
        finally
        {
            await second.DestroyAllAsync();
        }
    }

    private static IDomainBlockThreshold Threshold(Engine engine) =>
        engine.Driver.Feature<IDomainBlockThreshold>() ?? throw new InvalidOperationException("the QEMU driver has no block threshold feature");

    private static async Task<List<(string Field, string Value)>> BlockStats(Engine engine, Guid uuid)
    {
        const uint Block = 32; // VIR_DOMAIN_STATS_BLOCK
        var stats = await engine.Domains.AllStatsAsync([uuid], Block, 0, CancellationToken.None);
        return stats.Single().Params.Select(p => (p.Field, p.ToString() ?? "")).ToList();
    }
}
