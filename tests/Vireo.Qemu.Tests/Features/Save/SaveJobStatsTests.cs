using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Driver.Features.Save;

namespace Vireo.Qemu.Tests.Features.Save;

/// <summary>
/// A finished save's statistics from QEMU's query-migrate. Data/query-migrate-completed.json is QEMU 7.2's reply
/// right after a sandboxed libvirtd 9.0 had dumped a TCG guest, and the expected statistics are those libvirtd
/// reported for that very job (domjobinfo --completed --rawstats): everything but its own clock readings
/// (time_elapsed, and downtime, which libvirt counts from its pause) comes from that reply.
/// </summary>
public sealed class SaveJobStatsTests
{
    [Fact]
    public void A_completed_stream_gives_libvirtds_statistics_in_its_order_and_types()
    {
        var stream = SaveJobStats.Read(JsonNode.Parse(File.ReadAllText(Path.Combine(DataDir(), "query-migrate-completed.json"))));
        var job = new CompletedJob(DomainJobOperation.Dump, 665, stream with { Downtime = 662 });
        Assert.Equal(
        [
            TypedParameter.Int("operation", 8), TypedParameter.ULLong("time_elapsed", 665), TypedParameter.ULLong("downtime", 662),
            TypedParameter.ULLong("setup_time", 6), TypedParameter.ULLong("data_total", 268967936), TypedParameter.ULLong("data_processed", 109415767),
            TypedParameter.ULLong("data_remaining", 0), TypedParameter.ULLong("memory_total", 268967936), TypedParameter.ULLong("memory_processed", 109415767),
            TypedParameter.ULLong("memory_remaining", 0), TypedParameter.ULLong("memory_bps", 198508590), TypedParameter.ULLong("memory_constant", 39091),
            TypedParameter.ULLong("memory_normal", 26575), TypedParameter.ULLong("memory_normal_bytes", 108851200), TypedParameter.ULLong("memory_dirty_rate", 0),
            TypedParameter.ULLong("memory_iteration", 3), TypedParameter.ULLong("memory_postcopy_requests", 0), TypedParameter.ULLong("memory_page_size", 4096),
        ], job.ToParams());
        Assert.Equal(27UL, stream.Downtime); // QEMU's own figure, before the engine's replaces it
    }

    [Fact]
    public void Members_qemu_leaves_out_leave_their_statistics_out()
    {
        var stream = SaveJobStats.Read(JsonNode.Parse("""{"status":"completed","ram":{"total":100,"transferred":100,"remaining":0,"mbps":0}}"""));
        var names = new CompletedJob(DomainJobOperation.Save, 5, stream).ToParams().Select(p => p.Field);
        Assert.Equal(["operation", "time_elapsed", "data_total", "data_processed", "data_remaining", "memory_total", "memory_processed",
            "memory_remaining", "memory_dirty_rate", "memory_iteration", "memory_postcopy_requests"], names);
    }

    [Fact]
    public void A_running_stream_reports_its_expected_downtime_and_its_ram_as_a_running_jobs_statistics()
    {
        var stream = SaveJobStats.Read(JsonNode.Parse("""
            {"status":"pre-switchover","expected-downtime":300,"downtime":9,"setup-time":2,
             "ram":{"total":1000,"transferred":600,"remaining":400,"mbps":8,"duplicate":5,"normal":3,"normal-bytes":12288,"page-size":4096}}
            """));
        Assert.Equal(300UL, stream.Downtime);
        var job = new DomainJobInfo(DomainJobType.Unbounded, 70) { Operation = DomainJobOperation.Save, Stream = stream };
        Assert.Equal(["operation", "time_elapsed", "downtime", "setup_time", "data_total", "data_processed", "data_remaining", "memory_total",
            "memory_processed", "memory_remaining", "memory_bps", "memory_constant", "memory_normal", "memory_normal_bytes", "memory_dirty_rate",
            "memory_iteration", "memory_postcopy_requests", "memory_page_size"], JobStatsParams.Of(job).Select(p => p.Field));
        Assert.Equal((1000UL, 600UL, 1_000_000UL), (stream.RamTotal, stream.RamTransferred, stream.RamBytesPerSecond));
    }

    [Fact]
    public void The_job_time_runs_from_its_start_and_the_downtime_from_the_engines_pause()
    {
        var start = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
        var stream = new MigrationStreamStats(10, 10, 0, Downtime: 27);
        var paused = SaveJobStats.Completed(DomainJobOperation.Save, stream, start, start.AddMilliseconds(3), start.AddMilliseconds(1040));
        Assert.Equal((1040UL, 1037UL), (paused.TimeElapsedMs, paused.Stream!.Downtime!.Value));
        // A guest that was paused before the save: QEMU's downtime stands.
        var already = SaveJobStats.Completed(DomainJobOperation.Save, stream, start, null, start.AddMilliseconds(500));
        Assert.Equal((500UL, 27UL), (already.TimeElapsedMs, already.Stream!.Downtime!.Value));
    }

    private static string DataDir([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Data");
}
