using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Formatting;

/// <summary>The host reports (virsh-host.c layouts), as pure functions of what the daemon answered.</summary>
public static class HostFormat
{
    public static string NodeInfo(NodeInfo n) =>
        Text.Field("CPU model:", 20, n.Model.TrimEnd('\0')) +
        Text.Field("CPU(s):", 20, Text.Inv($"{n.Cpus}")) +
        Text.Field("CPU frequency:", 20, Text.Inv($"{n.Mhz} MHz")) +
        Text.Field("CPU socket(s):", 20, Text.Inv($"{n.Sockets}")) +
        Text.Field("Core(s) per socket:", 20, Text.Inv($"{n.Cores}")) +
        Text.Field("Thread(s) per core:", 20, Text.Inv($"{n.Threads}")) +
        Text.Field("NUMA cell(s):", 20, Text.Inv($"{n.Nodes}")) +
        Text.Field("Memory size:", 20, Text.Inv($"{n.MemoryKiB} KiB"));

    /// <summary>libvirt's version numbers: major*1000000 + minor*1000 + micro.</summary>
    public static string Version(ulong v) => Text.Inv($"{v / 1_000_000}.{v / 1000 % 1000}.{v % 1000}");

    /// <summary>
    /// virsh version. "Compiled against"/"Using library" name the libvirt API level vireo speaks (9.0.0),
    /// as the protocol is what vireo shares with libvirt; the hypervisor line comes from the daemon.
    /// </summary>
    public static string VersionReport(ulong apiVersion, string hvType, ulong hvVersion, ulong? daemonVersion)
    {
        var api = Version(apiVersion);
        var s = $"Compiled against library: libvirt {api}\n" +
                $"Using library: libvirt {api}\n" +
                $"Using API: {hvType} {api}\n" +
                $"Running hypervisor: {hvType} {Version(hvVersion)}\n";
        if (daemonVersion is { } d) s += $"Running against daemon: {Version(d)}\n";
        return s;
    }

    public static string CpuMap(IReadOnlyList<bool> map, int online, bool pretty) =>
        Text.Field("CPUs present:", 15, Text.Inv($"{map.Count}")) +
        Text.Field("CPUs online:", 15, Text.Inv($"{online}")) +
        Text.Field("CPU map:", 15, pretty ? Ranges(map) : new string(map.Select(b => b ? 'y' : '-').ToArray()));

    /// <summary>A CPU set as ranges ("0-3,6"), virBitmapFormat's style.</summary>
    public static string Ranges(IReadOnlyList<bool> set)
    {
        var parts = new List<string>();
        for (var i = 0; i < set.Count; i++)
        {
            if (!set[i]) continue;
            var j = i;
            while (j + 1 < set.Count && set[j + 1]) j++;
            parts.Add(i == j ? Text.Inv($"{i}") : Text.Inv($"{i}-{j}"));
            i = j;
        }
        return string.Join(',', parts);
    }

    public static string FreeTotal(ulong bytes) => Text.Inv($"Total: {bytes / 1024} KiB\n");

    public static string FreeCell(int cell, ulong bytes) => Text.Inv($"{cell}: {bytes / 1024} KiB\n");

    public static string FreeCells(IReadOnlyList<(int Cell, ulong Bytes)> cells)
    {
        var s = "";
        ulong total = 0;
        foreach (var (cell, bytes) in cells)
        {
            s += Text.Inv($"{cell,5}: {bytes / 1024,10} KiB\n");
            total += bytes;
        }
        return s + "--------------------\n" + Text.Inv($"{"Total",5}: {total / 1024,10} KiB\n");
    }

    /// <summary>nodememstats: "%-7s: %20llu KiB" per field, in the daemon's order.</summary>
    public static string MemoryStats(IReadOnlyList<NodeStat> stats) =>
        string.Concat(stats.Select(s => Text.Inv($"{s.Field,-7}: {s.Value,20} KiB\n")));

    /// <summary>The CPU time fields nodecpustats prints, in its order, with its labels (libvirt's "kernel" is "system").</summary>
    public static readonly (string Field, string Label)[] CpuFields = [("user", "user:"), ("kernel", "system:"), ("idle", "idle:"), ("iowait", "iowait:")];

    /// <summary>nodecpustats: "%-15s %20llu" for user, system, idle and iowait (those the daemon gave).</summary>
    public static string CpuStats(IReadOnlyList<NodeStat> stats)
    {
        var s = "";
        foreach (var (field, label) in CpuFields)
            if (stats.FirstOrDefault(x => x.Field == field) is { } stat)
                s += Text.Inv($"{label,-15} {stat.Value,20}\n");
        return s;
    }

    /// <summary>nodecpustats --percent: the share of each field between two samples (and usage = 100 - idle).</summary>
    public static string CpuPercent(IReadOnlyList<NodeStat> first, IReadOnlyList<NodeStat> second)
    {
        ulong Delta(string f) =>
            (second.FirstOrDefault(x => x.Field == f)?.Value ?? 0) - (first.FirstOrDefault(x => x.Field == f)?.Value ?? 0);
        var total = CpuFields.Aggregate(0UL, (t, f) => t + Delta(f.Field));
        double Pct(ulong d) => total == 0 ? 0 : d * 100.0 / total;
        var s = Text.Inv($"{"usage:",-15} {Pct(total - Delta("idle")),5:0.0}%\n");
        foreach (var (field, label) in CpuFields)
            s += Text.Inv($"{label,-15} {Pct(Delta(field)),5:0.0}%\n");
        return s;
    }
}
