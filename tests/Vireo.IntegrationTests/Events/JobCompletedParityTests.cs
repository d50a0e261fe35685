using Vireo.Client;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Events;

/// <summary>
/// The same TCG guest saved on a sandboxed libvirtd 9.0 and on vireod. Vireo.Client, registered for JOB_COMPLETED
/// on each before the save, must decode an event with the same parameter names and types in the same order; the
/// statistics read back with VIR_DOMAIN_JOB_STATS_COMPLETED | KEEP_COMPLETED must be the same list; and virsh
/// domjobinfo --completed must print the same lines once the figures are set aside. The values themselves
/// (times, bandwidth, pages) naturally differ between two runs.
/// </summary>
public sealed class JobCompletedParityTests
{
    private const uint Completed = 1, KeepCompleted = 2;

    [Fact]
    public async Task A_save_reports_the_statistics_libvirtd_reports()
    {
        await using var libvirtd = await SandboxedLibvirtd.StartAsync();
        await using var served = await ServedEngine.StartAsync();

        var theirName = DemoKit.UniqueName("jpar");
        var xmlFile = Path.Combine(libvirtd.Dir, "guest.xml");
        await File.WriteAllTextAsync(xmlFile, DemoKit.DomainXml(theirName), TestContext.Current.CancellationToken);
        await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "define", xmlFile]);
        await ProcessRunner.OkAsync("virsh", ["-c", libvirtd.Uri, "start", theirName]);
        var theirs = await SaveAsync(libvirtd.Uri, theirName, Path.Combine(libvirtd.Dir, "guest.save"));

        var ourName = await served.StartGuestAsync("jpar");
        var ours = await SaveAsync(served.Uri, ourName, Path.Combine(served.RootPath, "guest.save"));

        Assert.Equal(theirs.Event, ours.Event);
        Assert.Equal(theirs.Stats, ours.Stats);
        Assert.Equal(theirs.Printed, ours.Printed);
        Assert.Contains(("memory_page_size", TypedParameterType.ULLong), ours.Event); // not an empty list on both sides
        Assert.StartsWith("Job type:         Completed   \nOperation:        Save        \n", ours.Printed, StringComparison.Ordinal);
    }

    private sealed record Observed(List<(string, TypedParameterType)> Event, List<(string, TypedParameterType)> Stats, string Printed);

    /// <summary>Saves the running guest while registered for JOB_COMPLETED; what the event, the stats call and virsh report.</summary>
    private static async Task<Observed> SaveAsync(string uri, string name, string image)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var conn = await VirConnection.OpenAsync(uri, ct: ct);
        var dom = await conn.LookupDomainAsync(name, ct);
        await using var sub = await conn.SubscribeEventsAsync([21], dom, ct); // VIR_DOMAIN_EVENT_ID_JOB_COMPLETED
        await ProcessRunner.OkAsync("virsh", ["-c", uri, "save", name, image]);

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(TimeSpan.FromSeconds(60));
        var evt = Assert.IsType<JobCompletedEvent>(await sub.Events.ReadAsync(wait.Token));
        var (type, stats) = await dom.GetJobStatsAsync(Completed | KeepCompleted, ct);
        Assert.Equal(DomainJobType.Completed, type);
        var printed = (await ProcessRunner.RunAsync("virsh", ["-c", uri, "domjobinfo", name, "--completed"])).Stdout;
        return new Observed(Shape(evt.Params), Shape(stats), Labels(printed));
    }

    /// <summary>
    /// The fields and their types. memory_bps is left out: both daemons send it only when QEMU measured a bandwidth,
    /// which a save that ends within QEMU's first measuring interval does not have (it came and went between runs).
    /// </summary>
    internal static List<(string, TypedParameterType)> Shape(IReadOnlyList<TypedParameter> ps) =>
        ps.Where(p => p.Field != "memory_bps").Select(p => (p.Field, p.Type)).ToList();

    /// <summary>Each line's label (the 17-column field virsh pads it to), the type and operation lines whole; no bandwidth line (see <see cref="Shape"/>).</summary>
    internal static string Labels(string domjobinfo) => string.Concat(domjobinfo.Split('\n').Where(l => !l.StartsWith("Memory bandwidth:", StringComparison.Ordinal)).Select(l =>
        (l.StartsWith("Job type:", StringComparison.Ordinal) || l.StartsWith("Operation:", StringComparison.Ordinal) || l.Length < 18 ? l : l[..18].TrimEnd()) + "\n"));
}
