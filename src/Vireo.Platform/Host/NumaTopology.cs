using System.Globalization;

namespace Vireo.Platform.Host;

/// <summary>One host NUMA node: its CPUs, memory and distances to every node (index = node id order).</summary>
public sealed record NumaNode(int Id, IReadOnlyList<int> Cpus, ulong MemoryBytes, ulong FreeBytes, IReadOnlyList<int> Distances);

/// <summary>
/// Host NUMA layout from /sys/devices/system/node (node%d/cpulist, meminfo, distance). The root is a
/// parameter so tests can point it at fixture directories. A kernel without NUMA has no node
/// directory: then everything is reported as one node 0.
/// </summary>
public static class NumaTopology
{
    public const string SysfsRoot = "/sys/devices/system/node";

    public static IReadOnlyList<NumaNode> Read(string root = SysfsRoot)
    {
        var nodes = new List<NumaNode>();
        if (Directory.Exists(root))
        {
            foreach (string dir in Directory.EnumerateDirectories(root, "node*"))
            {
                if (!int.TryParse(Path.GetFileName(dir).AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
                    continue;
                var mem = MemInfo.Read(Path.Combine(dir, "meminfo"));
                nodes.Add(new NumaNode(id,
                    CpuList.Parse(ReadOr(Path.Combine(dir, "cpulist"), "")),
                    mem.TotalBytes, mem.FreeBytes,
                    ParseDistances(ReadOr(Path.Combine(dir, "distance"), "10"))));
            }
        }
        if (nodes.Count == 0)
        {
            var mem = MemInfo.Read();
            nodes.Add(new NumaNode(0, Enumerable.Range(0, Environment.ProcessorCount).ToList(), mem.TotalBytes, mem.FreeBytes, [10]));
        }
        return nodes.OrderBy(n => n.Id).ToList();
    }

    /// <summary>The "distance" file: space-separated distances from this node to each node.</summary>
    public static IReadOnlyList<int> ParseDistances(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();

    private static string ReadOr(string path, string fallback) => File.Exists(path) ? File.ReadAllText(path) : fallback;
}
