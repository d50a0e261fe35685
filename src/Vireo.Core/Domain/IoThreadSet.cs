namespace Vireo.Core.Domain;

/// <summary>
/// The IOThreads a definition has, by libvirt's rules: the ids of &lt;iothreadids&gt; in their order, then, while
/// fewer than &lt;iothreads&gt;, the smallest unused ids from 1 ("autofilled"). libvirt writes &lt;iothreadids&gt;
/// only when some id was given; <see cref="DomainDefaults"/> writes the autofilled ids into such a list, as libvirt
/// prints them (&lt;iothreads&gt;2&lt;/iothreads&gt; with id 5 given reads back as ids 5 and 1).
/// </summary>
public static class IoThreadSet
{
    public static IReadOnlyList<uint> Ids(DomainDef def)
    {
        var ids = new List<uint>(def.IoThreadIds ?? []);
        var used = ids.ToHashSet();
        var count = Math.Max(def.IoThreads ?? 0, (uint)ids.Count);
        for (uint next = 1; ids.Count < count; next++)
            if (used.Add(next)) ids.Add(next);
        return ids;
    }

    public static bool Contains(DomainDef def, uint id) => Ids(def).Contains(id);

    /// <summary>libvirt's post-parse step: a given id list is completed to the count (and the count raised to the list).</summary>
    public static DomainDef Completed(DomainDef def)
    {
        if (def.IoThreadIds is not { Count: > 0 }) return def;
        var ids = Ids(def);
        return def with { IoThreads = (uint)ids.Count, IoThreadIds = ids };
    }

    /// <summary>The definition with one more IOThread (virsh iothreadadd): every id is written out from then on, as libvirt does.</summary>
    public static DomainDef With(DomainDef def, uint id)
    {
        var ids = Ids(def).Append(id).ToList();
        return def with { IoThreads = (uint)ids.Count, IoThreadIds = ids };
    }

    /// <summary>The definition without an IOThread (virsh iothreaddel), and without that thread's &lt;iothreadpin&gt;.</summary>
    public static DomainDef Without(DomainDef def, uint id)
    {
        var ids = Ids(def).Where(x => x != id).ToList();
        var tune = def.CpuTune is { } t ? t with { IoThreadPins = t.IoThreadPins.Where(p => p.IoThread != id).ToList() } : null;
        return def with { IoThreads = ids.Count == 0 ? null : (uint)ids.Count, IoThreadIds = ids.Count == 0 ? null : ids, CpuTune = tune };
    }

    /// <summary>The definition with an IOThread pinned (virsh iothreadpin), pins in the order of the ids, as libvirt writes them.</summary>
    public static DomainDef WithPin(DomainDef def, uint id, CpuSet cpus)
    {
        var tune = def.CpuTune ?? new CpuTuneDef();
        var order = Ids(def).ToList();
        var pins = tune.IoThreadPins.Where(p => p.IoThread != id).Append(new IoThreadPinDef(id, cpus))
            .OrderBy(p => order.IndexOf(p.IoThread) is var i and >= 0 ? i : int.MaxValue).ToList();
        return def with { CpuTune = tune with { IoThreadPins = pins } };
    }
}
