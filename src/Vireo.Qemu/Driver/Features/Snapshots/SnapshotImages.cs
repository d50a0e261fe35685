using Vireo.Core.Domain;
using Vireo.Core.Snapshots;
using Vireo.Drivers.Runtime;
using Vireo.Drivers.Storage;
using Vireo.Qemu.Driver.Features.BlockJobs;

namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>
/// The images a domain's disks and snapshots involve, and who backs whom, read from the images' own
/// headers (the only truth that survives anything done outside Vireo). Effects: file reads only.
/// </summary>
internal static class SnapshotImages
{
    /// <summary>Every existing image the domain uses now or any snapshot names, with its backing file.</summary>
    public static IReadOnlyDictionary<string, string?> BackingMap(DomainObject dom, SnapshotSet set)
    {
        var known = new HashSet<string>(DeletePlanner.ImagesOf(set), StringComparer.Ordinal);
        known.UnionWith(DefinitionImages(dom));
        // Follow every chain down, so images only the headers know (below a chain the XML cut short) count too.
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        var queue = new Queue<string>(known);
        while (queue.Count > 0)
        {
            var path = queue.Dequeue();
            if (map.ContainsKey(path) || !File.Exists(path)) continue;
            string? backing;
            try
            {
                backing = ImageHeaderReader.Read(path).BackingFile;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                continue;
            }
            map[path] = backing;
            if (backing is not null) queue.Enqueue(backing);
        }
        return map;
    }

    /// <summary>The images disks write to now: the active image of each disk in the live and the persistent definition.</summary>
    public static IReadOnlySet<string> ActiveImages(DomainObject dom) =>
        Definitions(dom).SelectMany(d => d.Devices.Disks).Select(d => d.Source?.Path).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>Every image of every disk chain in the live and the persistent definition.</summary>
    public static IEnumerable<string> DefinitionImages(DomainObject dom) =>
        Definitions(dom).SelectMany(d => d.Devices.Disks).SelectMany(DiskChain.Layers).Select(l => l.Path);

    private static IEnumerable<DomainDef> Definitions(DomainObject dom) => new[] { dom.Live, dom.Persistent }.OfType<DomainDef>();

    /// <summary>A disk's chain read from the image headers, top first, as ImageRefs.</summary>
    public static IReadOnlyList<ImageRef> ChainOf(string top, string target, string domainName) =>
        OfflineSnapshot.ReadChain(top, target, domainName).Select(l => new ImageRef(l.Path, l.Header.Format)).ToList();

    /// <summary>
    /// The snapshot with every disk whose image was <paramref name="from"/> now using <paramref name="to"/>
    /// (after <paramref name="from"/> was merged into <paramref name="to"/>), in both recorded definitions.
    /// </summary>
    public static DomainSnapshotDef Repoint(DomainSnapshotDef s, string target, string from, IReadOnlyList<ImageRef> to) => s with
    {
        Domain = Repoint(s.Domain, target, from, to),
        InactiveDomain = Repoint(s.InactiveDomain, target, from, to),
    };

    private static DomainDef? Repoint(DomainDef? def, string target, string from, IReadOnlyList<ImageRef> to) =>
        def is not null && DiskChain.Find(def, target)?.Source?.Path == from
            ? DiskChain.ReplaceDisk(def, target, d => DiskChain.WithLayers(d, to))
            : def;
}
