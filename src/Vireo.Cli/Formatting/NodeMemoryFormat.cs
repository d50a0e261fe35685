using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Vireo.Core.Params;

namespace Vireo.Cli.Formatting;

/// <summary>virsh's layouts for node-memory-tune and freepages, and what those commands read from the capabilities.</summary>
public static class NodeMemoryFormat
{
    /// <summary>"Shared memory:" then "\t%-15s %s" per parameter.</summary>
    public static string Tune(IReadOnlyList<TypedParameter> ps)
    {
        var sb = new StringBuilder("Shared memory:\n");
        foreach (var p in ps) sb.Append(CultureInfo.InvariantCulture, $"\t{p.Field,-15} {p}\n");
        return sb.ToString();
    }

    /// <summary>"Node N:", "%uKiB: %llu" per size, then a blank line.</summary>
    public static string FreePagesCell(int cell, IReadOnlyList<uint> sizes, IReadOnlyList<ulong> counts)
    {
        var sb = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Node {cell}:\n"));
        for (int i = 0; i < sizes.Count && i < counts.Count; i++) sb.Append(CultureInfo.InvariantCulture, $"{sizes[i]}KiB: {counts[i]}\n");
        return sb.Append('\n').ToString();
    }

    /// <summary>/capabilities/host/cpu/pages sizes in KiB, as virsh freepages --all lists them.</summary>
    public static IReadOnlyList<uint> HostPageSizes(XDocument caps) =>
        caps.Root?.Element("host")?.Element("cpu")?.Elements("pages")
            .Select(p => uint.Parse(p.Attribute("size")?.Value ?? "0", CultureInfo.InvariantCulture)).Where(s => s > 0).ToList() ?? [];

    /// <summary>/capabilities/host/topology/cells/cell ids.</summary>
    public static IReadOnlyList<int> CellIds(XDocument caps) =>
        caps.Root?.Element("host")?.Element("topology")?.Element("cells")?.Elements("cell")
            .Select(e => int.Parse(e.Attribute("id")?.Value ?? "0", CultureInfo.InvariantCulture)).ToList() ?? [];
}
