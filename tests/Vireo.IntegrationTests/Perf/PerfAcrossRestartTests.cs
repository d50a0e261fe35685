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

    /// <summary>
    /// An event that no longer opens when the new engine re-adopts the guest (here: the status file is made to say
    /// cpu_cycles was enabled, which this PMU-less host cannot count, as if the host had lost its PMU) is disabled in
    /// the live definition, as libvirt does; the events that reopen keep counting.
    /// </summary>
    [Fact]
    public async Task An_event_that_cannot_be_reopened_after_a_restart_shows_as_disabled()
    {
        var name = DemoKit.UniqueName("perfrf");
        Guid uuid;
        string status;
        var first = await Engine.StartAsync(_root.Path);
        try
        {
            uuid = (await first.DefineAndStartAsync(name, xml => xml.Replace("<devices>",
                "<perf><event name='task_clock' enabled='yes'/></perf><devices>", StringComparison.Ordinal))).Uuid;
            status = Path.Combine(first.Paths.RunDir, name + ".xml");
        }
        catch
        {
            await first.DestroyAllAsync();
            await first.DisposeAsync();
            throw;
        }
        await first.DisposeAsync();
        var saved = File.ReadAllText(status);
        Assert.Contains("<event name='task_clock' enabled='yes'/>", saved);
        File.WriteAllText(status, saved.Replace("<event name='task_clock' enabled='yes'/>",
            "<event name='cpu_cycles' enabled='yes'/>\n    <event name='task_clock' enabled='yes'/>", StringComparison.Ordinal));

        await using var second = await Engine.StartAsync(_root.Path);
        try
        {
            var xml = second.Domains.Xml(uuid, XmlFlags.None);
            Assert.Contains("<event name='cpu_cycles' enabled='no'/>", xml);
            Assert.Contains("<event name='task_clock' enabled='yes'/>", xml);
            Assert.Equal(["perf.task_clock"], (await PerfStats(second, uuid)).Keys);
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
