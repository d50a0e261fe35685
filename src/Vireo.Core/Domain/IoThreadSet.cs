namespace Vireo.Core.Domain;

/// <summary>
/// The IOThreads a definition has, by libvirt's rules: the entries of &lt;iothreadids&gt; in their order, then, while
/// fewer than &lt;iothreads&gt;, the smallest unused ids from 1 ("autofilled"). libvirt writes &lt;iothreadids&gt;
/// only when some id was given (or an IOThread has a worker-pool bound); <see cref="DomainDefaults"/> writes the
/// autofilled ids into such a list, as libvirt prints them (&lt;iothreads&gt;2&lt;/iothreads&gt; with id 5 given reads
/// back as ids 5 and 1).
/// </summary>
public static class IoThreadSet
{
    /// <summary>Every IOThread of the definition, the autofilled ones without pool bounds.</summary>
    public static IReadOnlyList<IoThreadIdDef> Entries(DomainDef def)
    {
        var list = new List<IoThreadIdDef>(def.IoThreadIds ?? []);
        var used = list.Select(t => t.Id).ToHashSet();
        var count = Math.Max(def.IoThreads ?? 0, (uint)list.Count);
        for (uint next = 1; list.Count < count; next++)
            if (used.Add(next)) list.Add(new IoThreadIdDef(next));
        return list;
    }

    public static IReadOnlyList<uint> Ids(DomainDef def) => Entries(def).Select(t => t.Id).ToList();

    public static bool Contains(DomainDef def, uint id) => Find(def, id) is not null;

    public static IoThreadIdDef? Find(DomainDef def, uint id) => Entries(def).FirstOrDefault(t => t.Id == id);

    /// <summary>libvirt's post-parse step: a given id list is completed to the count (and the count raised to the list).</summary>
    public static DomainDef Completed(DomainDef def) => def.IoThreadIds is { Count: > 0 } ? Listed(def, Entries(def)) : def;

    /// <summary>The definition with one more IOThread (virsh iothreadadd): every id is written out from then on, as libvirt does.</summary>
    public static DomainDef With(DomainDef def, uint id) => Listed(def, [.. Entries(def), new IoThreadIdDef(id)]);

    /// <summary>The definition without an IOThread (virsh iothreaddel), and without that thread's &lt;iothreadpin&gt;.</summary>
    public static DomainDef Without(DomainDef def, uint id)
    {
        var left = Entries(def).Where(x => x.Id != id).ToList();
        var tune = def.CpuTune is { } t ? t with { IoThreadPins = t.IoThreadPins.Where(p => p.IoThread != id).ToList() } : null;
        return left.Count == 0 ? def with { IoThreads = null, IoThreadIds = null, CpuTune = tune } : Listed(def, left) with { CpuTune = tune };
    }

    /// <summary>
    /// The definition with an IOThread's worker-pool bounds replaced (virsh iothreadset --thread-pool-min/max; null
    /// leaves QEMU's default). Every id is written out from then on, as libvirt writes them.
    /// </summary>
    public static DomainDef WithPool(DomainDef def, uint id, int? min, int? max) =>
        Listed(def, Entries(def).Select(t => t.Id == id ? t with { ThreadPoolMin = min, ThreadPoolMax = max } : t).ToList());

    /// <summary>The definition with an IOThread pinned (virsh iothreadpin), pins in the order of the ids, as libvirt writes them.</summary>
    public static DomainDef WithPin(DomainDef def, uint id, CpuSet cpus)
    {
        var tune = def.CpuTune ?? new CpuTuneDef();
        var order = Ids(def).ToList();
        var pins = tune.IoThreadPins.Where(p => p.IoThread != id).Append(new IoThreadPinDef(id, cpus))
            .OrderBy(p => order.IndexOf(p.IoThread) is var i and >= 0 ? i : int.MaxValue).ToList();
        return def with { CpuTune = tune with { IoThreadPins = pins } };
    }

    private static DomainDef Listed(DomainDef def, IReadOnlyList<IoThreadIdDef> entries) =>
        def with { IoThreads = (uint)entries.Count, IoThreadIds = entries };
}
