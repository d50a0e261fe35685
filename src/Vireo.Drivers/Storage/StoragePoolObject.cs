using Vireo.Core.Storage;

namespace Vireo.Drivers.Storage;

/// <summary>A volume as the pool's last scan found it: its file and what its header says (null: unreadable, shown as raw).</summary>
internal sealed record VolumeEntry(string Name, string Path, ImageFacts? Facts);

/// <summary>
/// One pool's runtime state. Fields change only under the driver's write gate, and are swapped whole
/// (the volume map is immutable), so reads take a consistent snapshot under the driver's lock.
/// </summary>
internal sealed class StoragePoolObject(StoragePoolDef def, bool persistent)
{
    /// <summary>The definition in force (the live one while active).</summary>
    public StoragePoolDef Def { get; set; } = def;

    /// <summary>A definition saved while the pool was active: it takes over when the pool stops.</summary>
    public StoragePoolDef? NextDef { get; set; }

    public bool Persistent { get; set; } = persistent;
    public bool Active { get; set; }
    public bool Autostart { get; set; }

    /// <summary>Volumes by name, sorted (empty while inactive).</summary>
    public IReadOnlyDictionary<string, VolumeEntry> Volumes { get; set; } = new SortedDictionary<string, VolumeEntry>(StringComparer.Ordinal);

    /// <summary>
    /// What the pool last showed while active: libvirt keeps a stopped pool's sizes and directory permissions
    /// in its info and XML until it is redefined (zeros and none for a pool never started).
    /// </summary>
    public StoragePoolSizes LastSizes { get; set; }
    public StorageFileFacts? LastDirectory { get; set; }

    public StoragePoolRef Ref => new(Def.Name, Def.Uuid);

    public StorageVolRef VolRef(VolumeEntry v) => new(Def.Name, v.Name, v.Path);

    /// <summary>The config a stop leaves behind: the pending definition if there is one.</summary>
    public void ApplyNextDef()
    {
        if (NextDef is { } next) Def = next;
        NextDef = null;
    }
}
