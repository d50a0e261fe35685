using System.Text.Json.Nodes;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Save;

/// <summary>
/// The statistics a finished save leaves with its domain (domjobinfo --completed, the JOB_COMPLETED event).
/// <see cref="Read"/> takes query-migrate's reply (QEMU 7.2's MigrationInfo), finished or still running, as the statistics libvirt reads from it: the RAM counters,
/// its bandwidth (QEMU's "mbps" is megabits, 10^6, per second; libvirt reports bytes per second), downtime and
/// setup time. Members QEMU leaves out stay unset, so their statistics are left out as libvirt leaves them out.
/// </summary>
internal static class SaveJobStats
{
    private const double BytesPerMegabit = 1000.0 * 1000.0 / 8.0;

    public static MigrationStreamStats Read(JsonNode? info)
    {
        var ram = info?["ram"];
        var mbps = ram?["mbps"] is JsonValue v && v.TryGetValue(out double d) && d > 0 ? d : 0;
        return new MigrationStreamStats(
            RamTotal: ram.ULong("total") ?? 0,
            RamTransferred: ram.ULong("transferred") ?? 0,
            RamRemaining: ram.ULong("remaining") ?? 0,
            // A running migration reports its expected downtime, which libvirt shows as the downtime.
            Downtime: info.ULong(info?["status"]?.GetValue<string>() == "completed" ? "downtime" : "expected-downtime"),
            SetupTime: info.ULong("setup-time"),
            RamBytesPerSecond: (ulong)(mbps * BytesPerMegabit),
            RamDuplicate: ram.ULong("duplicate"),
            RamNormal: ram.ULong("normal") ?? 0,
            RamNormalBytes: ram.ULong("normal-bytes") ?? 0,
            DirtyPagesRate: ram.ULong("dirty-pages-rate") ?? 0,
            PageSize: ram.ULong("page-size") ?? 0,
            DirtySyncCount: ram.ULong("dirty-sync-count") ?? 0,
            PostcopyRequests: ram.ULong("postcopy-requests") ?? 0);
    }

    /// <summary>
    /// The finished job: its time from the job's start, and, when the engine paused the guest for it, the
    /// downtime from that pause (libvirt counts the guest's whole pause, not QEMU's final switch-over).
    /// </summary>
    public static CompletedJob Completed(DomainJobOperation operation, MigrationStreamStats stream, DateTime jobStart, DateTime? pausedAt, DateTime now)
    {
        var downtime = pausedAt is { } paused ? Milliseconds(now - paused) : stream.Downtime;
        return new CompletedJob(operation, Milliseconds(now - jobStart), stream with { Downtime = downtime });
    }

    /// <summary>The domain's finished job (held by the caller): kept for domjobinfo --completed and announced with JOB_COMPLETED.</summary>
    public static void Finish(DriverContext ctx, DomainObject dom, DomainJobOperation operation, MigrationStreamStats stream, DateTime? pausedAt)
    {
        var done = Completed(operation, stream, dom.Job.Current?.Since ?? DateTime.UtcNow, pausedAt, DateTime.UtcNow);
        dom.RecordCompletedJob(done);
        ctx.Events.Publish(new JobCompletedEvent(dom.Ref, done.ToParams()));
    }

    private static ulong Milliseconds(TimeSpan t) => t <= TimeSpan.Zero ? 0 : (ulong)t.TotalMilliseconds;
}
