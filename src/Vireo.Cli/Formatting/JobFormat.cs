using System.Globalization;
using System.Text;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Formatting;

/// <summary>virsh domjobinfo's output (virsh 9.0's cmdDomjobinfo), pure text from the job's type and statistics.</summary>
public static class JobFormat
{
    /// <summary>
    /// "%-17s %-12s" for the job type; --rawstats prints the number and each statistic as "name: value".
    /// Past the type line virsh prints statistics only for a running job or, asked with --completed, a
    /// completed one: the statistics vireod reports (operation, times, data and memory counters, downtime,
    /// setup time) in virsh's order and units. Those only migrations report (compression, auto-converge) and
    /// backups' (temporary disk space, error message) are printed in the raw form only.
    /// </summary>
    public static string JobInfo(DomainJobType type, IReadOnlyList<TypedParameter> stats, bool raw, bool completed = false)
    {
        if (raw) return Text.Inv($"Job type: {(int)type}\n\n") + string.Concat(stats.Select(p => Text.Inv($"{p.Field}: {EventFormat.ParamValue(p)}\n")));
        var sb = new StringBuilder();
        Line(sb, "Job type:", $"{TypeName(type),-12}");
        var detailed = type is DomainJobType.Bounded or DomainJobType.Unbounded || (completed && type == DomainJobType.Completed);
        if (!detailed) return sb.ToString();

        var p = new Stats(stats);
        if (p.Int("operation") is { } op) Line(sb, "Operation:", $"{OperationName(op),-12}");
        Line(sb, "Time elapsed:", Count(p.ULong("time_elapsed") ?? 0, "ms"));
        if (p.ULong("time_elapsed_net") is { } net) Line(sb, "Time elapsed w/o network:", Count(net, "ms"));
        if (type == DomainJobType.Bounded) Line(sb, "Time remaining:", Count(p.ULong("time_remaining") ?? 0, "ms"));

        SizeTriple(sb, p, "Data", "data");
        if (SizeTriple(sb, p, "Memory", "memory"))
        {
            if (p.ULong("memory_bps") is { } bps and not 0) Line(sb, "Memory bandwidth:", Size(bps) + "/s");
            if (p.ULong("memory_dirty_rate") is { } dirty) Line(sb, "Dirty rate:", Count(dirty, "pages/s"));
            if (p.ULong("memory_page_size") is { } page) Line(sb, "Page size:", Count(page, "bytes"));
            if (p.ULong("memory_iteration") is { } iteration) Line(sb, "Iteration:", Count(iteration));
            if (p.ULong("memory_postcopy_requests") is { } postcopy) Line(sb, "Postcopy requests:", Count(postcopy));
        }
        if (SizeTriple(sb, p, "File", "disk") && p.ULong("disk_bps") is { } diskBps and not 0) Line(sb, "File bandwidth:", Size(diskBps) + "/s");

        if (p.ULong("memory_constant") is { } constant) Line(sb, "Constant pages:", Count(constant));
        if (p.ULong("memory_normal") is { } normal) Line(sb, "Normal pages:", Count(normal));
        if (p.ULong("memory_normal_bytes") is { } normalBytes) Line(sb, "Normal data:", Size(normalBytes));
        if (p.ULong("downtime") is { } downtime) Line(sb, type == DomainJobType.Completed ? "Total downtime:" : "Expected downtime:", Count(downtime, "ms"));
        if (p.ULong("downtime_net") is { } downtimeNet) Line(sb, "Downtime w/o network:", Count(downtimeNet, "ms"));
        if (p.ULong("setup_time") is { } setup) Line(sb, "Setup time:", Count(setup, "ms"));
        return sb.ToString();
    }

    /// <summary>"X processed/remaining/total" when any of the three is non-zero; says whether it printed them.</summary>
    private static bool SizeTriple(StringBuilder sb, Stats p, string label, string prefix)
    {
        ulong processed = p.ULong(prefix + "_processed") ?? 0, remaining = p.ULong(prefix + "_remaining") ?? 0, total = p.ULong(prefix + "_total") ?? 0;
        if (processed == 0 && remaining == 0 && total == 0) return false;
        Line(sb, label + " processed:", Size(processed));
        Line(sb, label + " remaining:", Size(remaining));
        Line(sb, label + " total:", Size(total));
        return true;
    }

    private static void Line(StringBuilder sb, string label, string value) => sb.Append(CultureInfo.InvariantCulture, $"{label,-17} {value}\n");

    /// <summary>"%-12llu" and an optional unit after a space.</summary>
    private static string Count(ulong value, string? unit = null) => Text.Inv($"{value,-12}") + (unit is null ? "" : " " + unit);

    /// <summary>"%-.3lf %s" of vshPrettyCapacity.</summary>
    private static string Size(ulong bytes)
    {
        var (value, unit) = StorageFormat.Pretty(bytes);
        return value.ToString("0.000", CultureInfo.InvariantCulture) + " " + unit;
    }

    private static string TypeName(DomainJobType type) => type switch
    {
        DomainJobType.None => "None",
        DomainJobType.Bounded => "Bounded",
        DomainJobType.Unbounded => "Unbounded",
        DomainJobType.Completed => "Completed",
        DomainJobType.Failed => "Failed",
        DomainJobType.Cancelled => "Cancelled",
        _ => "unknown",
    };

    /// <summary>virsh's words for virDomainJobOperation.</summary>
    private static string OperationName(int op) => (DomainJobOperation)op switch
    {
        DomainJobOperation.Unknown => "Unknown",
        DomainJobOperation.Start => "Start",
        DomainJobOperation.Save => "Save",
        DomainJobOperation.Restore => "Restore",
        DomainJobOperation.MigrationIn => "Incoming migration",
        DomainJobOperation.MigrationOut => "Outgoing migration",
        DomainJobOperation.Snapshot => "Snapshot",
        DomainJobOperation.SnapshotRevert => "Snapshot revert",
        DomainJobOperation.Dump => "Dump",
        DomainJobOperation.Backup => "Backup",
        DomainJobOperation.SnapshotDelete => "Snapshot delete",
        _ => "unknown",
    };

    /// <summary>Lookups by name and type, as virTypedParamsGet* find them.</summary>
    private readonly struct Stats(IReadOnlyList<TypedParameter> all)
    {
        public ulong? ULong(string name) => all.FirstOrDefault(p => p.Field == name && p.Type == TypedParameterType.ULLong)?.AsULong;
        public int? Int(string name) => all.FirstOrDefault(p => p.Field == name && p.Type == TypedParameterType.Int) is { } p ? (int)p.Integer : null;
    }
}
