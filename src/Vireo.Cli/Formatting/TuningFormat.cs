using System.Text;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;

namespace Vireo.Cli.Formatting;

/// <summary>How virsh prints schedinfo, numatune, memtune, blkiotune, vcpupin, emulatorpin and dommemstat.</summary>
public static class TuningFormat
{
    /// <summary>"%-15s: %s" per parameter (schedinfo, blkiotune).</summary>
    public static string Params(IEnumerable<TypedParameter> ps) =>
        string.Concat(ps.Select(p => Line(p.Field, p.ToString())));

    public static string Line(string label, string value) => $"{label,-15}: {value}\n";

    /// <summary>numatune: the mode by name (strict, preferred, interleave, restrictive).</summary>
    public static string Numa(IEnumerable<TypedParameter> ps) => string.Concat(ps.Select(p => Line(p.Field, p.Field == NumaParams.Mode
        ? p.Integer switch { 0 => "strict", 1 => "preferred", 2 => "interleave", 3 => "restrictive", var m => Text.Inv($"{m}") }
        : p.ToString())));

    /// <summary>memtune: KiB, or "unlimited" for libvirt's sentinel.</summary>
    public static string MemTune(IEnumerable<TypedParameter> ps) => string.Concat(ps.Select(p =>
        Line(p.Field, p.Type == TypedParameterType.ULLong && p.AsULong >= TuningParams.MemoryUnlimited ? "unlimited" : p.ToString())));

    /// <summary>vcpupin's table: one row per vCPU with its CPU list.</summary>
    public static string VcpuPins(IReadOnlyList<IReadOnlyList<bool>> maps, int? only) =>
        VshTable.Format(["VCPU", "CPU Affinity"],
            maps.Select((m, i) => (m, i)).Where(x => only is null || x.i == only)
                .Select(x => (IReadOnlyList<string>)[Text.Inv($"{x.i}"), HostFormat.Ranges(x.m)]));

    /// <summary>emulatorpin's two lines, as virsh prints them.</summary>
    public static string EmulatorPin(IReadOnlyList<bool> map) =>
        " emulator: CPU Affinity\n----------------------------------\n       *: " + HostFormat.Ranges(map) + "\n";

    /// <summary>dommemstat's names for virDomainMemoryStatTags.</summary>
    private static readonly string[] StatNames =
        ["swap_in", "swap_out", "major_fault", "minor_fault", "unused", "available", "actual", "rss", "usable", "last_update", "disk_caches", "hugetlb_pgalloc", "hugetlb_pgfail"];

    public static string MemoryStats(IEnumerable<(int Tag, ulong Value)> stats)
    {
        var sb = new StringBuilder();
        foreach (var (tag, value) in stats)
            if (tag >= 0 && tag < StatNames.Length) sb.Append(Text.Inv($"{StatNames[tag]} {value}\n"));
        return sb.ToString();
    }
}
