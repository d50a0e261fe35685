using Vireo.Core.Errors;
using Vireo.Platform.Host;

namespace Vireo.Qemu.Driver.Features.Tuning;

/// <summary>The host's online CPUs and NUMA nodes, which every pin and nodeset is checked against.</summary>
internal sealed record HostResources(IReadOnlyList<int> Cpus, IReadOnlyList<int> Nodes)
{
    public static HostResources Read() => new(HostSnapshot.OnlineCpus(), NumaTopology.Read().Select(n => n.Id).ToList());

    /// <summary>Refuses a CPU list with a CPU this host does not have: "{what}: CPU list 0,5 includes CPU 5, which this host does not have (host CPUs: 0-1)".</summary>
    public void CheckCpus(IEnumerable<int> cpus, string what) => Check(cpus, Cpus, what, "CPU list", "CPU", "host CPUs");

    /// <summary>Refuses a nodeset with a node this host does not have: "{what}: nodeset 0-1 includes node 1, which this host does not have (host nodes: 0)".</summary>
    public void CheckNodes(IEnumerable<int> nodes, string what) => Check(nodes, Nodes, what, "nodeset", "node", "host nodes");

    private static void Check(IEnumerable<int> ids, IReadOnlyList<int> host, string what, string list, string noun, string hostNoun)
    {
        var given = ids.ToList();
        if (given.Count == 0)
            throw VirErrors.InvalidArg($"{what}: the {list} is empty; give at least one ({hostNoun}: {CpuList.Format(host)})", VirErrorDomain.Qemu);
        var missing = given.Where(c => !host.Contains(c)).ToList();
        if (missing.Count > 0)
            throw VirErrors.InvalidArg(
                $"{what}: {list} {CpuList.Format(given)} includes {Plural(missing, noun)}, which this host does not have ({hostNoun}: {CpuList.Format(host)})",
                VirErrorDomain.Qemu);
    }

    /// <summary>The CPUs of a libvirt CPU map (one flag per host CPU).</summary>
    public static IReadOnlyList<int> CpusOf(IReadOnlyList<bool> map) =>
        Enumerable.Range(0, map.Count).Where(i => map[i]).ToList();

    /// <summary>A map of this host's size with the given CPUs set (CPUs beyond the host are dropped).</summary>
    public IReadOnlyList<bool> MapOf(IEnumerable<int> cpus, int length)
    {
        var set = cpus.ToHashSet();
        return Enumerable.Range(0, length).Select(set.Contains).ToArray();
    }

    private static string Plural(IReadOnlyList<int> ids, string noun) =>
        ids.Count == 1 ? $"{noun} {ids[0]}" : $"{noun}s {CpuList.Format(ids)}";
}
