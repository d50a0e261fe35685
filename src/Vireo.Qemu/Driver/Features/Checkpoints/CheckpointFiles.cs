using System.Collections.Concurrent;
using Vireo.Core.Checkpoints;
using Vireo.Core.Errors;
using Vireo.Platform.Files;

namespace Vireo.Qemu.Driver.Features.Checkpoints;

/// <summary>
/// Where checkpoint metadata lives (libvirt's /var/lib/libvirt/qemu/checkpoint/DOMAIN/NAME.xml):
/// <c>STATE/qemu/checkpoint/DOMAIN/NAME.xml</c> per checkpoint and <c>.current</c> naming the current one.
/// Each file is written atomically (temp, fsync, rename). Reads come from an in-memory copy reloaded when
/// the directory's modification time changed, so listings are cheap and undefine's removal is seen at once.
/// </summary>
internal sealed class CheckpointFiles(QemuDriverPaths paths)
{
    private const string CurrentFile = MomentDirectory.CurrentFile;
    private readonly ConcurrentDictionary<string, (DateTime Stamp, CheckpointSet Set)> _cache = new(StringComparer.Ordinal);

    /// <summary>The checkpoint root next to the config directory (STATE/qemu/checkpoint).</summary>
    public static string RootOf(QemuDriverPaths paths) => MomentDirectory.RootOf(paths, "checkpoint");

    private string DirectoryOf(string domainName) => Path.Combine(RootOf(paths), domainName);

    /// <summary>How many checkpoints a domain has on disk (undefine and listing filters ask; no parsing).</summary>
    public static int Count(QemuDriverPaths paths, string domainName) => MomentDirectory.Count(Path.Combine(RootOf(paths), domainName));

    /// <summary>Forgets every checkpoint of a domain (undefine --checkpoints-metadata): the bitmaps stay in the images.</summary>
    public static void DeleteAll(QemuDriverPaths paths, string domainName) => MomentDirectory.DeleteAll(Path.Combine(RootOf(paths), domainName));

    public CheckpointSet Load(string domainName)
    {
        var dir = DirectoryOf(domainName);
        var stamp = Directory.Exists(dir) ? Directory.GetLastWriteTimeUtc(dir) : DateTime.MinValue;
        if (_cache.TryGetValue(domainName, out var hit) && hit.Stamp == stamp) return hit.Set;
        var set = CheckpointSet.Empty(domainName);
        if (stamp != DateTime.MinValue)
        {
            foreach (var def in MomentDirectory.ReadAll(dir, domainName, "checkpoint", CheckpointXml.Parse))
                set = set.With(def);
            if (MomentDirectory.ReadCurrent(dir) is { } name && set.ByName.ContainsKey(name))
                set = set.WithCurrent(name);
        }
        _cache[domainName] = (stamp, set);
        return set;
    }

    /// <summary>
    /// Writes what changed: new and changed checkpoints first, then the current marker, then removals, so a
    /// crash in between leaves extra metadata rather than a child pointing at a missing parent.
    /// </summary>
    public async Task SaveAsync(CheckpointSet before, CheckpointSet after, CancellationToken ct)
    {
        var dir = DirectoryOf(after.DomainName);
        DirectoryLayout.Ensure(dir);
        foreach (var (name, def) in after.ByName)
            if (!before.ByName.TryGetValue(name, out var old) || !ReferenceEquals(old, def))
                await AtomicFile.WriteAllTextAsync(Path.Combine(dir, name + ".xml"), CheckpointXml.Format(def), ct).ConfigureAwait(false);
        if (before.Current != after.Current)
        {
            if (after.Current is null) AtomicFile.DeleteDurably(Path.Combine(dir, CurrentFile));
            else await AtomicFile.WriteAllTextAsync(Path.Combine(dir, CurrentFile), after.Current + "\n", ct).ConfigureAwait(false);
        }
        foreach (var name in before.ByName.Keys.Where(n => !after.ByName.ContainsKey(n)))
            AtomicFile.DeleteDurably(Path.Combine(dir, name + ".xml"));
        _cache.TryRemove(after.DomainName, out _);
    }

    /// <summary>A checkpoint name becomes a file name and a bitmap name: refuse what cannot be one.</summary>
    public static void CheckName(string name, string domainName)
    {
        if (name.Length == 0 || name.Length > 200 || name.Contains('/') || name.Contains('\0') || name.StartsWith('.'))
            throw new VirException(VirErrorCode.InvalidArg, VirErrorDomain.DomainCheckpoint,
                $"invalid checkpoint name '{name}' for domain '{domainName}': a name must be 1-200 characters, without '/', and must not start with '.'");
    }
}
