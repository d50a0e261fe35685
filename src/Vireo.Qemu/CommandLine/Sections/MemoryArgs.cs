using System.Globalization;
using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// -m, the memory backends and guest NUMA. Guest RAM gets an explicit backend only when something
/// needs one: hugepages, a file or memfd source, shared access, preallocation, discard, or a host NUMA
/// policy from &lt;numatune&gt;. Without guest NUMA cells that backend replaces the machine's own RAM
/// (-machine memory-backend=pc.ram, keeping QEMU's id so the RAM block name stays "pc.ram"); with
/// cells every cell has one ("ram-nodeN"), which QEMU 7.2 requires for new machine types anyway.
/// </summary>
internal static class MemoryArgs
{
    public static ulong TotalKiB(BuildSession s)
    {
        var cells = s.Def.Cpu?.NumaCells ?? [];
        if (cells.Count > 0) return cells.Aggregate(0UL, (sum, c) => sum + c.Memory.KiB);
        return s.Def.Memory?.KiB ?? throw s.Unsupported($"{s.Owner} has no <memory>; say how much RAM the guest gets");
    }

    public static string MainBackendId(BuildSession s) => s.Machine.DefaultRamId ?? "pc.ram";

    /// <summary>True when guest RAM (without NUMA cells) needs an explicit backend object.</summary>
    public static bool UsesMainBackend(BuildSession s)
    {
        if (s.Def.Cpu?.NumaCells.Count > 0) return false;
        var b = s.Def.MemoryBacking;
        bool backing = b is not null && (b.HugePages is not null || b.SourceType is MemorySourceType.File or MemorySourceType.Memfd
                                          || b.AccessMode is not null || b.AllocationMode == MemoryAllocationMode.Immediate || b.Discard);
        return backing || HostPolicy(s, cell: null) is not null;
    }

    public static void Emit(BuildSession s)
    {
        ulong total = TotalKiB(s);
        if (total < 1024)
            throw s.Unsupported($"{s.Owner} has {total} KiB of memory; a guest needs at least 1 MiB");
        QemuProps m;
        if (s.Def.MaxMemory is { } max)
        {
            if (max.Size.KiB < total)
                throw s.Unsupported($"<maxMemory> of {s.Owner} ({max.Size}) is smaller than its memory ({total} KiB)");
            m = new QemuProps().Add("size", $"{total}k").Add("slots", max.Slots ?? 0).Add("maxmem", $"{max.Size.KiB}k");
        }
        else m = total % 1024 == 0 ? new QemuProps(Mib(total)) : new QemuProps().Add("size", $"{total}k");
        s.Add("-m", m);
        if (UsesMainBackend(s))
            s.Add("-object", BackendProps(s, MainBackendId(s), total, cell: null, cellDef: null));
        if (s.Def.MemoryBacking?.Locked == true)
            s.Add("-overcommit", "mem-lock=on");
    }

    public static void EmitNuma(BuildSession s)
    {
        var cells = s.Def.Cpu?.NumaCells ?? [];
        if (cells.Count == 0)
        {
            foreach (var memnode in s.Def.NumaTune?.MemNodes ?? [])
                throw s.Unsupported($"<memnode cellid='{memnode.CellId}'> in <numatune> of {s.Owner} refers to a guest NUMA cell, but the domain has no <cpu><numa>");
            return;
        }
        uint vcpus = s.Def.Vcpu?.Count ?? 1;
        var ids = cells.Select((c, i) => c.Id ?? (uint)i).ToList();
        if (ids.Distinct().Count() != ids.Count)
            throw s.Unsupported($"the guest NUMA cells of {s.Owner} do not have distinct ids");
        foreach (var memnode in s.Def.NumaTune?.MemNodes ?? [])
            if (!ids.Contains(memnode.CellId))
                throw s.Unsupported($"<memnode cellid='{memnode.CellId}'> in <numatune> of {s.Owner} names a guest NUMA cell that does not exist");

        for (int i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            uint id = ids[i];
            var backend = $"ram-node{id}";
            s.Add("-object", BackendProps(s, backend, cell.Memory.KiB, id, cell));
            var node = new QemuProps("node").Add("nodeid", id);
            if (cell.Cpus is { } cpus)
            {
                if (cpus.Max >= vcpus)
                    throw s.Unsupported($"guest NUMA cell {id} of {s.Owner} lists vCPU {cpus.Max}, but the domain has {vcpus} vCPUs");
                foreach (var run in Runs(cpus)) node.Add("cpus", run);
            }
            node.Add("memdev", backend);
            s.Add("-numa", node);
        }
        for (int i = 0; i < cells.Count; i++)
            foreach (var d in cells[i].Distances)
            {
                if (!ids.Contains(d.Id))
                    throw s.Unsupported($"guest NUMA cell {ids[i]} of {s.Owner} gives a distance to cell {d.Id}, which does not exist");
                if (d.Id == ids[i] && d.Value != 10)
                    throw s.Unsupported($"guest NUMA cell {ids[i]} of {s.Owner} gives itself distance {d.Value}; a node's distance to itself is 10");
                if (d.Id != ids[i])
                    s.Add("-numa", new QemuProps("dist").Add("src", ids[i]).Add("dst", d.Id).Add("val", d.Value));
            }
    }

    /// <summary>One memory-backend-{ram,file,memfd} object for the whole RAM (cell null) or one guest cell.</summary>
    private static QemuProps BackendProps(BuildSession s, string id, ulong kib, uint? cell, NumaCellDef? cellDef)
    {
        var b = s.Def.MemoryBacking;
        var what = cell is null ? $"the memory of {s.Owner}" : $"guest NUMA cell {cell} of {s.Owner}";
        ulong? pageKiB = HugePageSize(s, cell, what);
        bool memfd = b?.SourceType == MemorySourceType.Memfd;
        string type = memfd ? "memory-backend-memfd"
            : pageKiB is not null || b?.SourceType == MemorySourceType.File ? "memory-backend-file"
            : "memory-backend-ram";
        s.RequireType(type, what);
        var props = new QemuProps(type).Add("id", id);
        if (pageKiB is { } page)
        {
            if (kib % page != 0)
                throw s.Unsupported($"{what} ({kib} KiB) is not a multiple of its {page} KiB huge pages");
            if (memfd) props.Add("hugetlb", true).Add("hugetlbsize", page * 1024);
            else props.Add("mem-path", s.Ctx.Host.HugepageMounts.GetValueOrDefault(page)
                ?? throw s.Unsupported($"{what} wants {page} KiB huge pages, but no hugetlbfs for that size is mounted on this host"));
        }
        else if (type == "memory-backend-file") props.Add("mem-path", s.Ctx.Paths.MemoryBackingDir);

        var access = cellDef?.MemAccess ?? b?.AccessMode;
        if (access is not null) props.Add("share", access == MemoryAccessMode.Shared);
        if (b?.AllocationMode == MemoryAllocationMode.Immediate || pageKiB is not null) props.Add("prealloc", true);
        props.Add("size", kib * 1024);
        if (b?.Discard == true && type == "memory-backend-file") props.Add("discard-data", true);
        if (HostPolicy(s, cell) is { } policy)
        {
            foreach (var run in Runs(policy.Nodes)) props.Add("host-nodes", run);
            props.Add("policy", policy.Policy);
        }
        return props;
    }

    /// <summary>The page size for a cell (or the whole RAM): a &lt;page&gt; whose nodeset has the cell, else one without nodeset.</summary>
    private static ulong? HugePageSize(BuildSession s, uint? cell, string what)
    {
        var pages = s.Def.MemoryBacking?.HugePages;
        if (pages is null) return null;
        if (pages.Count == 0)
            return s.Ctx.Host.DefaultHugepageKiB ?? throw s.Unsupported($"{what} wants huge pages, but this host has no default huge page size");
        var match = (cell is { } c ? pages.FirstOrDefault(p => p.Nodeset?.Contains((int)c) == true) : null)
                    ?? pages.FirstOrDefault(p => p.Nodeset is null);
        return match?.Size.KiB;
    }

    private sealed record HostNodePolicy(IdSet Nodes, string Policy);

    /// <summary>The host NUMA policy for a cell (its &lt;memnode&gt;) or for all RAM (&lt;memory&gt;), validated against the host's nodes.</summary>
    private static HostNodePolicy? HostPolicy(BuildSession s, uint? cell)
    {
        var tune = s.Def.NumaTune;
        if (tune is null) return null;
        NumaMode? mode;
        NodeSet? nodes;
        string element;
        if (cell is { } c && tune.MemNodes.FirstOrDefault(m => m.CellId == c) is { } memnode)
            (mode, nodes, element) = (memnode.Mode, memnode.Nodeset, $"<memnode cellid='{c}'>");
        else if (tune.Memory is { } memory)
        {
            if (memory.Placement == Placement.Auto)
                throw s.Unsupported($"<numatune><memory placement='auto'/> of {s.Owner} needs numad, which Vireo does not use; give a nodeset");
            (mode, nodes, element) = (memory.Mode, memory.Nodeset, "<numatune><memory>");
        }
        else return null;
        if (nodes is null || (mode ?? NumaMode.Strict) == NumaMode.Restrictive) return null; // restrictive: cgroup cpuset.mems only
        var missing = nodes.Where(n => !s.Ctx.Host.NumaNodes.Contains(n)).ToList();
        if (missing.Count > 0)
            throw s.Unsupported($"{element} of {s.Owner} uses host NUMA node{(missing.Count > 1 ? "s" : "")} {string.Join(",", missing)}, which this host does not have (its nodes: {string.Join(",", s.Ctx.Host.NumaNodes)})");
        if (mode == NumaMode.Preferred && nodes.Count > 1)
            throw s.Unsupported($"{element} of {s.Owner} has mode='preferred' with {nodes.Count} nodes; preferred takes exactly one node");
        return new HostNodePolicy(nodes, (mode ?? NumaMode.Strict) switch
        {
            NumaMode.Preferred => "preferred",
            NumaMode.Interleave => "interleave",
            _ => "bind",
        });
    }

    /// <summary>"0-3", "5": a set as QEMU's list syntax wants it, one run per repeated key.</summary>
    private static IEnumerable<string> Runs(IdSet set)
    {
        var ids = set.ToList();
        for (int i = 0; i < ids.Count;)
        {
            int j = i;
            while (j + 1 < ids.Count && ids[j + 1] == ids[j] + 1) j++;
            yield return i == j ? ids[i].ToString(CultureInfo.InvariantCulture) : $"{ids[i]}-{ids[j]}";
            i = j + 1;
        }
    }

    private static string Mib(ulong kib) => (kib / 1024).ToString(CultureInfo.InvariantCulture);
}
