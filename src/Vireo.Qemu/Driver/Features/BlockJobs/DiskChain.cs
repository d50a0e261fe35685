using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features.BlockJobs;

/// <summary>One image of a disk's chain: its path and format.</summary>
internal readonly record struct ImageRef(string Path, DiskFormat Format);

/// <summary>
/// A disk's chain of images in the domain XML: &lt;source&gt; is the active image, &lt;backingStore&gt; the
/// images below it, ended by an empty &lt;backingStore/&gt; (libvirt's layout after an external snapshot).
/// Pure edits of DiskDef and DomainDef.
/// </summary>
internal static class DiskChain
{
    /// <summary>The images the XML knows, top first. A chain the XML does not describe (no backingStore) has just the source.</summary>
    public static IReadOnlyList<ImageRef> Layers(DiskDef d)
    {
        var list = new List<ImageRef>();
        if (d.Source is not { } s) return list;
        list.Add(new ImageRef(s.Path, d.Driver?.Format ?? DiskFormat.Raw));
        for (var b = d.BackingStore; b is { IsEnd: false, Source: not null }; b = b.Next)
            list.Add(new ImageRef(b.Source!, b.Format ?? DiskFormat.Raw));
        return list;
    }

    /// <summary>The disk with <paramref name="layers"/> (top first) as its source and complete backing chain.</summary>
    public static DiskDef WithLayers(DiskDef d, IReadOnlyList<ImageRef> layers)
    {
        if (layers.Count == 0) throw new ArgumentException("a disk chain needs at least one image", nameof(layers));
        BackingStoreDef next = BackingStoreDef.End;
        for (int i = layers.Count - 1; i >= 1; i--)
            next = new BackingStoreDef { Type = DiskType.File, Format = layers[i].Format, Source = layers[i].Path, Next = next };
        var top = layers[0];
        bool wasBlock = d.Type == DiskType.Block && d.Source?.Path == top.Path;
        return d with
        {
            Type = wasBlock ? DiskType.Block : DiskType.File,
            Source = new DiskSourceDef(top.Path),
            Driver = (d.Driver ?? new DiskDriverDef { Name = "qemu" }) with { Format = top.Format },
            BackingStore = next,
            Mirror = null, // a chain changes when a job ends; no copy outlives it
        };
    }

    /// <summary>The disk named by its target (vda) or by the path of its active image, or null.</summary>
    public static DiskDef? Find(DomainDef def, string name) =>
        def.Devices.Disks.FirstOrDefault(d => d.Target.Dev == name) ??
        def.Devices.Disks.FirstOrDefault(d => d.Source?.Path == name);

    /// <summary>Like <see cref="Find"/>, failing with libvirt's sentence for an unknown disk (qemuDomainDiskByName).</summary>
    public static DiskDef Require(DomainDef def, string name) =>
        Find(def, name) ?? throw new VirException(VirErrorCode.InvalidArg, VirErrorDomain.Qemu, $"disk '{name}' not found in domain");

    /// <summary>The definition with the disk of <paramref name="target"/> changed; unchanged when it has no such disk.</summary>
    public static DomainDef ReplaceDisk(DomainDef def, string target, Func<DiskDef, DiskDef> change) =>
        def.Devices.Disks.Any(d => d.Target.Dev == target)
            ? def with { Devices = def.Devices with { Disks = def.Devices.Disks.Select(d => d.Target.Dev == target ? change(d) : d).ToList() } }
            : def;
}
