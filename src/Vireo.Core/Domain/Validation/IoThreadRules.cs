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
        foreach (var id in d.IoThreadIds ?? [])
        {
            if (id == 0) yield return ctx.Xml("has <iothread id='0'> in <iothreadids>; IOThread ids start at 1");
            else if (!seen.Add(id)) yield return ctx.Xml($"has duplicate iothread id '{id}' in <iothreadids>");
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

    /// <summary>"IOThreads 1, 5" or "no IOThreads", for a sentence about a missing id.</summary>
    public static string Describe(IReadOnlyList<uint> ids) => ids.Count == 0 ? "it has no IOThreads" : $"its IOThreads are {string.Join(", ", ids)}";
}
