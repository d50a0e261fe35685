using System.Collections.Concurrent;
using Vireo.Core.Errors;
using Vireo.Core.Snapshots;
using Vireo.Platform.Files;

namespace Vireo.Qemu.Driver.Features.Snapshots;

/// <summary>
/// Where snapshot metadata lives (libvirt's /var/lib/libvirt/qemu/snapshot/DOMAIN/NAME.xml):
/// <c>STATE/qemu/snapshot/DOMAIN/NAME.xml</c> per snapshot, <c>.current</c> holding the current
/// snapshot's name, and <c>.kept</c> listing the kept overlays of deleted snapshots (one path per line). Each file is written atomically (temp, fsync, rename). Reads come from an in-memory
/// copy that is reloaded when the directory changed (its modification time), so a listing is cheap and
/// a change made by another writer (undefine removing the directory) is seen at once.
/// </summary>
internal sealed class SnapshotFiles(QemuDriverPaths paths)
{
    private const string CurrentFile = MomentDirectory.CurrentFile;
    private const string KeptFile = ".kept";
    private readonly ConcurrentDictionary<string, (DateTime Stamp, SnapshotSet Set)> _cache = new(StringComparer.Ordinal);

    /// <summary>The snapshot root next to the config directory (STATE/qemu/snapshot).</summary>
    public static string RootOf(QemuDriverPaths paths) => MomentDirectory.RootOf(paths, "snapshot");

    public string DirectoryOf(string domainName) => Path.Combine(RootOf(paths), domainName);

    /// <summary>How many snapshots a domain has on disk (undefine and listing filters ask; no parsing).</summary>
    public static int Count(QemuDriverPaths paths, string domainName) => MomentDirectory.Count(Path.Combine(RootOf(paths), domainName));

    /// <summary>Forgets every snapshot of a domain (undefine --snapshots-metadata): the image files stay.</summary>
    public static void DeleteAll(QemuDriverPaths paths, string domainName) => MomentDirectory.DeleteAll(Path.Combine(RootOf(paths), domainName));

    public SnapshotSet Load(string domainName)
    {
        var dir = DirectoryOf(domainName);
        var stamp = Directory.Exists(dir) ? Directory.GetLastWriteTimeUtc(dir) : DateTime.MinValue;
        if (_cache.TryGetValue(domainName, out var hit) && hit.Stamp == stamp) return hit.Set;
        var set = SnapshotSet.Empty(domainName);
        if (stamp != DateTime.MinValue)
        {
            foreach (var def in MomentDirectory.ReadAll(dir, domainName, "snapshot", SnapshotXml.Parse))
                set = set.With(def);
            if (MomentDirectory.ReadCurrent(dir) is { } name && set.ByName.ContainsKey(name))
                set = set.WithCurrent(name);
            var kept = Path.Combine(dir, KeptFile);
            if (File.Exists(kept))
                set = set.WithKept(File.ReadAllLines(kept).Where(line => line.Length > 0));
        }
        _cache[domainName] = (stamp, set);
        return set;
    }

    /// <summary>
    /// Writes what changed between <paramref name="before"/> and <paramref name="after"/>: new and changed
    /// snapshots first, then the current marker, then removals, so a crash in between leaves extra
    /// metadata rather than a child pointing at a missing parent.
    /// </summary>
    public async Task SaveAsync(SnapshotSet before, SnapshotSet after, CancellationToken ct)
    {
        var dir = DirectoryOf(after.DomainName);
        DirectoryLayout.Ensure(dir);
        foreach (var (name, def) in after.ByName)
            if (!before.ByName.TryGetValue(name, out var old) || !ReferenceEquals(old, def))
                await AtomicFile.WriteAllTextAsync(FileOf(dir, name), SnapshotXml.Format(def), ct).ConfigureAwait(false);
        if (before.Current != after.Current)
        {
            if (after.Current is null) AtomicFile.DeleteDurably(Path.Combine(dir, CurrentFile));
            else await AtomicFile.WriteAllTextAsync(Path.Combine(dir, CurrentFile), after.Current + "\n", ct).ConfigureAwait(false);
        }
        if (!before.Kept.SetEquals(after.Kept))
        {
            if (after.Kept.IsEmpty) AtomicFile.DeleteDurably(Path.Combine(dir, KeptFile));
            else await AtomicFile.WriteAllTextAsync(Path.Combine(dir, KeptFile), string.Concat(after.Kept.Select(p => p + "\n")), ct).ConfigureAwait(false);
        }
        foreach (var name in before.ByName.Keys.Where(n => !after.ByName.ContainsKey(n)))
            AtomicFile.DeleteDurably(FileOf(dir, name));
        _cache.TryRemove(after.DomainName, out _);
    }

    private static string FileOf(string dir, string name) => Path.Combine(dir, name + ".xml");

    /// <summary>A snapshot name becomes a file name: refuse what cannot be one.</summary>
    public static void CheckName(string name, string domainName)
    {
        if (name.Length == 0 || name.Length > 200 || name.Contains('/') || name.Contains('\0') || name is "." or ".." || name.StartsWith('.'))
            throw new VirException(VirErrorCode.InvalidArg, VirErrorDomain.DomainSnapshot,
                $"invalid snapshot name '{name}' for domain '{domainName}': a name must be 1-200 characters, without '/', and must not start with '.'");
    }
}
