using Vireo.Core.Xml;
using Vireo.Core.Errors;

namespace Vireo.Core.Domain;

/// <summary>&lt;iothreadids&gt; and the disks that name an IOThread, with the cause libvirt 9.0 gives for each.</summary>
internal static class IoThreadRules
{
    public static IEnumerable<VirException> Check(ValidationContext ctx)
    {
        var d = ctx.Def;
        var seen = new HashSet<uint>();
        foreach (var t in d.IoThreadIds ?? [])
        {
            if (t.Id == 0) yield return ctx.Xml("has <iothread id='0'> in <iothreadids>; IOThread ids start at 1");
            else if (!seen.Add(t.Id)) yield return ctx.Xml($"has duplicate iothread id '{t.Id}' in <iothreadids>");
            if (PoolProblem(t) is { } problem) yield return ctx.Unsupported(problem);
        }
        var ids = IoThreadSet.Ids(d);
        foreach (var disk in d.Devices.Disks)
        {
            if (disk.Driver?.IoThread is not { } io) continue;
            if (disk.Target.Bus is not (null or DiskBus.Virtio))
                yield return ctx.Unsupported($"has disk '{disk.Target.Dev}' on bus '{disk.Target.Bus!.Value.ToXml()}' with an IOThread; IOThreads are available only for virtio disks");
            else if (!ids.Contains(io))
                yield return ctx.Unsupported($"has disk '{disk.Target.Dev}' using iothread '{io}', which is not defined ({Describe(ids)})");
        }
    }

    /// <summary>
    /// libvirt 9.0's rules for the worker-pool bounds: a maximum is positive, and a minimum needs a maximum at least
    /// as large (libvirt compares with -1 when the maximum is absent, so a minimum alone is refused).
    /// </summary>
    private static string? PoolProblem(IoThreadIdDef t) => (t.ThreadPoolMin, t.ThreadPoolMax) switch
    {
        (_, 0) => $"has IOThread {t.Id} with thread_pool_max 0; thread_pool_max must be a positive integer",
        ({ } min, null) => $"has IOThread {t.Id} with thread_pool_min {min} but no thread_pool_max; thread_pool_min needs a thread_pool_max at least as large",
        ({ } min, { } max) when min > max => $"has IOThread {t.Id} with thread_pool_min {min} above its thread_pool_max {max}; thread_pool_min must be smaller or equal to thread_pool_max",
        _ => null,
    };

    /// <summary>"IOThreads 1, 5" or "no IOThreads", for a sentence about a missing id.</summary>
    public static string Describe(IReadOnlyList<uint> ids) => ids.Count == 0 ? "it has no IOThreads" : $"its IOThreads are {string.Join(", ", ids)}";
}
