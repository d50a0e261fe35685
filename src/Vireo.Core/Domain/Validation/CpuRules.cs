using Vireo.Core.Xml;
using Vireo.Core.Errors;

namespace Vireo.Core.Domain;

/// <summary>vCPU count, CPU sets, pinning, topology, NUMA cells and NUMA tuning.</summary>
internal static class CpuRules
{
    public static IEnumerable<VirException> Check(ValidationContext ctx)
    {
        var d = ctx.Def;
        var count = ctx.VcpuCount;
        if (d.Vcpu is { } v)
        {
            if (v.Count == 0) yield return ctx.Xml("has <vcpu> 0; a domain needs at least one vCPU");
            if (v.Current is 0) yield return ctx.Xml("has vcpu current='0'; at least one vCPU must be online");
            if (v.Current > v.Count)
                yield return ctx.Xml($"has vcpu current='{v.Current}' above its maximum of {v.Count} vCPUs");
            if (v.CpuSet is { IsEmpty: true }) yield return ctx.Xml("has a <vcpu> cpuset that selects no CPUs");
        }
        if (d.CpuTune is { } t)
        {
            var seen = new HashSet<uint>();
            foreach (var pin in t.VcpuPins)
            {
                if (pin.Vcpu >= count)
                    yield return ctx.Xml($"pins vCPU {pin.Vcpu} in <cputune>, but it has only {count} vCPUs (ids 0 to {count - 1})");
                if (!seen.Add(pin.Vcpu)) yield return ctx.Xml($"pins vCPU {pin.Vcpu} more than once in <cputune>");
                if (pin.CpuSet.IsEmpty) yield return ctx.Xml($"pins vCPU {pin.Vcpu} to an empty CPU set");
            }
            if (t.EmulatorPin is { IsEmpty: true }) yield return ctx.Xml("pins the emulator to an empty CPU set");
            var ioThreads = IoThreadSet.Ids(d);
            foreach (var pin in t.IoThreadPins)
            {
                if (!ioThreads.Contains(pin.IoThread))
                    yield return ctx.Unsupported($"pins IOThread {pin.IoThread} in <cputune>, but it has no such IOThread ({IoThreadRules.Describe(ioThreads)})");
                if (pin.CpuSet.IsEmpty) yield return ctx.Xml($"pins IOThread {pin.IoThread} to an empty CPU set");
            }
            foreach (var s in t.VcpuScheds)
            {
                if (s.Vcpus?.Max is int max && max >= count)
                    yield return ctx.Xml($"sets a scheduler for vCPU {max} in <vcpusched>, but it has only {count} vCPUs");
                if (s.Scheduler is VcpuScheduler.Fifo or VcpuScheduler.Rr && s.Priority is null)
                    yield return ctx.Xml($"uses the {s.Scheduler.ToXml()} scheduler in <vcpusched> without a priority");
            }
            if (t.Shares is 0) yield return ctx.Xml("has <shares> 0 in <cputune>; shares must be at least 2");
        }
        if (d.Cpu?.Topology is { } topo)
        {
            if (topo.Clusters is not null)
                yield return ctx.Unsupported("sets CPU topology clusters, which libvirt 9.0's domain XML cannot express");
            var slots = (ulong)topo.Sockets * (topo.Dies ?? 1) * (topo.Clusters ?? 1) * topo.Cores * topo.Threads;
            if (slots != count)
                yield return ctx.Xml($"has a CPU topology of {slots} vCPUs (sockets x dies x clusters x cores x threads) but <vcpu> {count}; they must match");
        }
        foreach (var problem in NumaCells(ctx, count)) yield return problem;
        foreach (var problem in NumaTune(ctx)) yield return problem;
    }

    private static IEnumerable<VirException> NumaCells(ValidationContext ctx, uint count)
    {
        var cells = ctx.Def.Cpu?.NumaCells ?? [];
        var claimed = new HashSet<int>();
        for (int i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            if (cell.Id is { } id && id != i)
                yield return ctx.Xml($"has NUMA cell id {id} in position {i}; cell ids must run 0, 1, 2, ... in order");
            if (cell.Cpus is { } cpus)
            {
                if (cpus.Max is int max && max >= count)
                    yield return ctx.Xml($"puts vCPU {max} in NUMA cell {i}, but it has only {count} vCPUs");
                foreach (var cpu in cpus.Where(c => !claimed.Add(c)))
                    yield return ctx.Xml($"puts vCPU {cpu} in more than one NUMA cell");
            }
            foreach (var sibling in cell.Distances.Where(s => s.Id >= cells.Count))
                yield return ctx.Xml($"gives NUMA cell {i} a distance to cell {sibling.Id}, which does not exist");
        }
    }

    private static IEnumerable<VirException> NumaTune(ValidationContext ctx)
    {
        if (ctx.Def.NumaTune is not { } tune) yield break;
        if (tune.Memory is { } m)
        {
            if (m.Nodeset is { IsEmpty: true }) yield return ctx.Xml("has a <numatune> nodeset that selects no NUMA nodes");
            if (m.Placement == Placement.Auto && m.Nodeset is not null)
                yield return ctx.Xml("has <numatune> placement='auto' together with a nodeset; automatic placement chooses the nodes itself");
            if (m.Placement == Placement.Static && m.Nodeset is null)
                yield return ctx.Xml("has <numatune> placement='static' without a nodeset");
        }
        var cells = ctx.Def.Cpu?.NumaCells.Count ?? 0;
        var seen = new HashSet<uint>();
        foreach (var node in tune.MemNodes)
        {
            if (node.CellId >= cells)
                yield return ctx.Xml($"has a <memnode> for guest NUMA cell {node.CellId}, but it has {cells} NUMA cells");
            if (!seen.Add(node.CellId)) yield return ctx.Xml($"has more than one <memnode> for guest NUMA cell {node.CellId}");
            if (node.Nodeset is null or { IsEmpty: true }) yield return ctx.Xml($"has a <memnode> for cell {node.CellId} without host nodes in its nodeset");
        }
    }
}
