using Vireo.Drivers.Contracts;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Perf;

/// <summary>
/// A guest started with &lt;perf&gt; events enabled has them counting from its start, and a new engine over the same
/// state directory (a vireod restart) reopens them on the QEMU it re-adopts: domstats' perf group keeps answering.
/// </summary>
public sealed class PerfAcrossRestartTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Events_enabled_in_the_xml_count_from_the_start_and_again_after_a_restart()
    {
        var name = DemoKit.UniqueName("perfrs");
        Guid uuid;
        var first = await Engine.StartAsync(_root.Path);
        try
        {
            uuid = (await first.DefineAndStartAsync(name, xml => xml.Replace("<devices>",
                "<perf><event name='task_clock' enabled='yes'/><event name='cpu_clock' enabled='no'/></perf><devices>", StringComparison.Ordinal))).Uuid;
            Assert.Equal(["perf.task_clock"], (await PerfStats(first, uuid)).Keys);
        }
        catch
        {
            await first.DestroyAllAsync();
            await first.DisposeAsync();
            throw;
        }
        await first.DisposeAsync(); // the guest runs on; the counters went with the engine

        await using var second = await Engine.StartAsync(_root.Path);
        try
        {
            var after = await PerfStats(second, uuid);
            Assert.Equal(["perf.task_clock"], after.Keys);
            await Expect.EventuallyAsync(() => PerfStats(second, uuid), s => s["perf.task_clock"] > after["perf.task_clock"],
                "the reopened task_clock to grow while the guest runs");
            var perf = second.Driver.Feature<IDomainPerf>() ?? throw new InvalidOperationException("the QEMU driver has no perf feature");
            var live = await perf.GetPerfEventsAsync(uuid, ModifyFlags.Live, CancellationToken.None);
            Assert.Equal(["task_clock"], live.Where(p => p.Integer != 0).Select(p => p.Field));
        }
        finally
        {
            await second.DestroyAllAsync();
        }
    }

    private static async Task<Dictionary<string, ulong>> PerfStats(Engine engine, Guid uuid)
    {
        const uint Perf = 64; // VIR_DOMAIN_STATS_PERF
        var stats = await engine.Domains.AllStatsAsync([uuid], Perf, 0, CancellationToken.None);
        return stats.Single().Params.ToDictionary(p => p.Field, p => p.AsULong);
    }
}
