using System.Globalization;

namespace Vireo.Platform.Host;

/// <summary>
/// Huge page pools and free memory per NUMA node: /sys/devices/system/node/nodeN/hugepages/hugepages-SkB/
/// {nr_hugepages,free_hugepages} and nodeN/meminfo; node -1 is the host as a whole
/// (/sys/kernel/mm/hugepages and /proc/meminfo). Roots are parameters so tests can use a fake tree.
/// </summary>
public sealed class HugePageFiles(string nodeRoot = NumaTopology.SysfsRoot, string globalRoot = HugePageFiles.GlobalRoot, string memInfo = "/proc/meminfo")
{
    public const string GlobalRoot = "/sys/kernel/mm/hugepages";

    /// <summary>The host's NUMA node ids (nodeN directories), ascending; empty on a kernel without NUMA.</summary>
    public IReadOnlyList<int> NodeIds() =>
        !Directory.Exists(nodeRoot)
            ? []
            : Directory.EnumerateDirectories(nodeRoot, "node*")
                .Select(d => int.TryParse(Path.GetFileName(d).AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
                .Where(id => id >= 0).Order().ToList();

    public bool NodeExists(int node) => node == -1 || Directory.Exists(Path.Combine(nodeRoot, $"node{node}"));

    /// <summary>The pool directory of one page size (KiB) on one node (-1: the host).</summary>
    public string PoolDir(int node, uint sizeKiB) =>
        Path.Combine(node == -1 ? globalRoot : Path.Combine(nodeRoot, $"node{node}", "hugepages"), $"hugepages-{sizeKiB}kB");

    /// <summary>nr_hugepages or free_hugepages of a pool; null when the pool does not exist.</summary>
    public ulong? ReadPool(int node, uint sizeKiB, string file)
    {
        var path = Path.Combine(PoolDir(node, sizeKiB), file);
        return File.Exists(path) ? KsmFiles.ParseNumber(File.ReadAllText(path)) : null;
    }

    /// <summary>Asks the kernel for a pool size (it may grant fewer pages: read nr_hugepages back).</summary>
    public void WritePoolSize(int node, uint sizeKiB, ulong count) =>
        File.WriteAllText(Path.Combine(PoolDir(node, sizeKiB), "nr_hugepages"), count.ToString(CultureInfo.InvariantCulture));

    /// <summary>The node's meminfo (node -1: /proc/meminfo).</summary>
    public MemInfo MemInfoOf(int node) =>
        MemInfo.Read(node == -1 ? memInfo : Path.Combine(nodeRoot, $"node{node}", "meminfo"));

    /// <summary>The system page size in KiB (4 on x86_64).</summary>
    public static uint SystemPageKiB => (uint)(Environment.SystemPageSize / 1024);
}
