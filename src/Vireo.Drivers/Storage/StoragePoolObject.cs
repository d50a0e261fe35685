using Vireo.Core.Storage;
using Vireo.Drivers.Runtime;

namespace Vireo.Drivers.Storage;

/// <summary>
/// A volume as the pool's last scan found it: its file and what its header says (null: unreadable, shown as raw).
/// Encryption: the &lt;encryption&gt; it was created with (libvirt keeps it, secret included, until a refresh).
/// </summary>
internal sealed record VolumeEntry(string Name, string Path, ImageFacts? Facts, VolumeEncryption? Encryption = null);

/// <summary>
/// One pool's runtime state (see <see cref="DefinedObject{TDef}"/>). Its own fields are swapped whole (the
/// volume map is immutable), so reads take a consistent snapshot under the driver's lock.
/// </summary>
internal sealed class StoragePoolObject(StoragePoolDef def, bool persistent) : DefinedObject<StoragePoolDef>(def, persistent)
{
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

    protected override void OnRedefined() => (LastSizes, LastDirectory) = (default, null);
}
