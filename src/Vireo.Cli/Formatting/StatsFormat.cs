using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Formatting;

/// <summary>domblkstat, domifstat and domstats as virsh prints them.</summary>
public static class StatsFormat
{
    /// <summary>Typed block counter → (virsh's short name, --human label).</summary>
    private static readonly (string Typed, string Short, string Human)[] BlockFields =
    [
        ("rd_operations", "rd_req", "number of read operations:"),
        ("rd_bytes", "rd_bytes", "number of bytes read:"),
        ("wr_operations", "wr_req", "number of write operations:"),
        ("wr_bytes", "wr_bytes", "number of bytes written:"),
        ("errs", "errs", "error count:"),
        ("flush_operations", "flush_operations", "number of flush operations:"),
        ("rd_total_times", "rd_total_times", "total duration of reads (ns):"),
        ("wr_total_times", "wr_total_times", "total duration of writes (ns):"),
        ("flush_total_times", "flush_total_times", "total duration of flushes (ns):"),
    ];

    /// <summary>
    /// From the typed counters (DOMAIN_BLOCK_STATS_FLAGS): the known ones in virsh's order with virsh's names,
    /// then any others under their own names. --human puts the device on a line of its own.
    /// </summary>
    public static string BlockStats(string device, IReadOnlyList<TypedParameter> stats, bool human)
    {
        var s = human ? $"Device: {device}\n" : "";
        var prefix = human ? "" : device;
        foreach (var (typed, shortName, humanName) in BlockFields)
            if (stats.FirstOrDefault(p => p.Field == typed) is { } p)
                s += human ? $"{prefix} {humanName,-31} {EventFormat.ParamValue(p)}\n" : $"{prefix} {shortName} {EventFormat.ParamValue(p)}\n";
        foreach (var p in stats.Where(p => BlockFields.All(f => f.Typed != p.Field)))
            s += $"{prefix} {p.Field} {EventFormat.ParamValue(p)}\n";
        return s;
    }

    /// <summary>From the old fixed struct (DOMAIN_BLOCK_STATS); -1 means the counter is unknown and is skipped.</summary>
    public static string BlockStats(string device, BlockStats b, bool human) => BlockStats(device,
        new (string, long)[] { ("rd_operations", b.RdReq), ("rd_bytes", b.RdBytes), ("wr_operations", b.WrReq), ("wr_bytes", b.WrBytes), ("errs", b.Errs) }
            .Where(x => x.Item2 >= 0).Select(x => TypedParameter.LLong(x.Item1, x.Item2)).ToArray(), human);

    public static string InterfaceStats(string device, InterfaceStats i)
    {
        var s = "";
        void Line(string name, long v)
        {
            if (v >= 0) s += Text.Inv($"{device} {name} {v}\n");
        }
        Line("rx_bytes", i.RxBytes);
        Line("rx_packets", i.RxPackets);
        Line("rx_errs", i.RxErrs);
        Line("rx_drop", i.RxDrop);
        Line("tx_bytes", i.TxBytes);
        Line("tx_packets", i.TxPackets);
        Line("tx_errs", i.TxErrs);
        Line("tx_drop", i.TxDrop);
        return s;
    }

    /// <summary>One domstats record: "Domain: 'NAME'" then "  field=value" lines.</summary>
    public static string DomainStats(string name, IReadOnlyList<TypedParameter> stats) =>
        $"Domain: '{name}'\n" + string.Concat(stats.Select(p => $"  {p.Field}={EventFormat.ParamValue(p)}\n"));
}
