using Vireo.Core.Storage;

namespace Vireo.Drivers.Storage;

/// <summary>A pool as the wire names it (remote_nonnull_storage_pool).</summary>
public readonly record struct StoragePoolRef(string Name, Guid Uuid);

/// <summary>A volume as the wire names it (remote_nonnull_storage_vol): its pool's name, its name, its key (the file's path).</summary>
public readonly record struct StorageVolRef(string Pool, string Name, string Key);

/// <summary>virStoragePoolGetInfo plus what virsh pool-info also asks (persistent, autostart).</summary>
public sealed record StoragePoolInfo(StoragePoolState State, StoragePoolSizes Sizes, bool Persistent, bool Autostart);

/// <summary>virStorageVolGetInfo.</summary>
public readonly record struct StorageVolInfo(StorageVolType Type, ulong Capacity, ulong Allocation);

/// <summary>virConnectListAllStoragePoolsFlags (the pool-type bits other than DIR match no Vireo pool).</summary>
[Flags]
public enum StoragePoolListFlags : uint
{
    None = 0,
    Inactive = 1 << 0,
    Active = 1 << 1,
    Persistent = 1 << 2,
    Transient = 1 << 3,
    Autostart = 1 << 4,
    NoAutostart = 1 << 5,
    Dir = 1 << 6,
    /// <summary>Every pool-type bit libvirt 9.0 knows (DIR .. ISCSI_DIRECT).</summary>
    AllTypes = 0x7ffc0,
}

/// <summary>virStoragePoolCreateFlags (pool-create and pool-start).</summary>
[Flags]
public enum StoragePoolCreateFlags : uint
{
    None = 0,
    WithBuild = 1,
    WithBuildOverwrite = 2,
    WithBuildNoOverwrite = 4,
}

/// <summary>virStorageVolCreateFlags.</summary>
[Flags]
public enum StorageVolCreateFlags : uint
{
    None = 0,
    PreallocMetadata = 1,
    Reflink = 2,
    Validate = 4,
}

/// <summary>virStorageVolResizeFlags.</summary>
[Flags]
public enum StorageVolResizeFlags : uint
{
    None = 0,
    /// <summary>Reserve the new space on disk now (a raw file is fallocated).</summary>
    Allocate = 1,
    /// <summary>The size is a change to the current capacity, not the new capacity.</summary>
    Delta = 2,
    /// <summary>Allow a smaller capacity (with Delta: subtract).</summary>
    Shrink = 4,
}

/// <summary>virStorageVolWipeAlgorithm.</summary>
public enum StorageVolWipeAlgorithm : uint
{
    Zero = 0,
    Nnsa = 1,
    Dod = 2,
    Bsi = 3,
    Gutmann = 4,
    Schneier = 5,
    Pfitzner7 = 6,
    Pfitzner33 = 7,
    Random = 8,
    Trim = 9,
}

/// <summary>virStoragePoolEventLifecycleType.</summary>
public enum StoragePoolEventType
{
    Defined = 0,
    Undefined = 1,
    Started = 2,
    Stopped = 3,
    Created = 4,
    Deleted = 5,
}

/// <summary>A pool changed: a lifecycle event (Type set) or a refresh (Type null).</summary>
public sealed record StoragePoolEvent(StoragePoolRef Pool, StoragePoolEventType? Type);

/// <summary>
/// libvirt's storage driver for directory pools: shared by every hypervisor connection of one Vireo
/// instance (qemu:/// and lxc:/// see the same pools, as with libvirtd). Reads answer from memory (volumes
/// as the last start or refresh found them); changes are serialised and persisted before they return.
/// Every error is libvirt's code and sentence.
/// </summary>
public interface IStoragePools
{
    IReadOnlyList<StoragePoolRef> ListPools(StoragePoolListFlags flags);
    StoragePoolRef LookupPoolByName(string name);
    StoragePoolRef LookupPoolByUuid(Guid uuid);
    StoragePoolRef LookupPoolByTargetPath(string path);
    StoragePoolRef LookupPoolByVolume(StorageVolRef vol);

    Task<StoragePoolRef> DefinePoolAsync(string xml, CancellationToken ct);
    /// <summary>A transient pool, started at once (gone when destroyed).</summary>
    Task<StoragePoolRef> CreatePoolAsync(string xml, StoragePoolCreateFlags flags, CancellationToken ct);
    Task StartPoolAsync(StoragePoolRef pool, StoragePoolCreateFlags flags, CancellationToken ct);
    /// <summary>Makes the target directory (what pool-build does for a dir pool).</summary>
    Task BuildPoolAsync(StoragePoolRef pool, CancellationToken ct);
    Task DestroyPoolAsync(StoragePoolRef pool, CancellationToken ct);
    Task UndefinePoolAsync(StoragePoolRef pool, CancellationToken ct);
    Task RefreshPoolAsync(StoragePoolRef pool, CancellationToken ct);
    Task SetPoolAutostartAsync(StoragePoolRef pool, bool autostart, CancellationToken ct);
    StoragePoolInfo PoolInfo(StoragePoolRef pool);
    string PoolXml(StoragePoolRef pool, bool inactive);

    IReadOnlyList<StorageVolRef> ListVolumes(StoragePoolRef pool);
    StorageVolRef LookupVolume(StoragePoolRef pool, string name);
    StorageVolRef LookupVolumeByKey(string key);
    StorageVolRef LookupVolumeByPath(string path);
    Task<StorageVolRef> CreateVolumeAsync(StoragePoolRef pool, string xml, StorageVolCreateFlags flags, CancellationToken ct);
    /// <summary>Removes the volume's file: only ever a file the pool lists as a volume.</summary>
    Task DeleteVolumeAsync(StorageVolRef vol, CancellationToken ct);
    /// <summary>Changes a volume's capacity with libvirt's rules (a shrink needs the flag, never below the allocation).</summary>
    Task ResizeVolumeAsync(StorageVolRef vol, ulong capacity, StorageVolResizeFlags flags, CancellationToken ct);
    /// <summary>
    /// virStorageVolCreateXMLFrom (vol-clone): a new volume in <paramref name="pool"/> holding a copy of
    /// <paramref name="source"/>'s data, listed only once the copy is whole. The source may not be deleted,
    /// wiped or resized meanwhile, and neither pool stopped or deleted.
    /// </summary>
    Task<StorageVolRef> CloneVolumeAsync(StoragePoolRef pool, string xml, StorageVolRef source, StorageVolCreateFlags flags, CancellationToken ct);
    /// <summary>virStorageVolWipePattern: overwrites the volume's data (zero here; the other algorithms through scrub(1), as libvirt).</summary>
    Task WipeVolumeAsync(StorageVolRef vol, StorageVolWipeAlgorithm algorithm, uint flags, CancellationToken ct);
    /// <summary>virStoragePoolDelete: removes an inactive dir pool's (empty) directory.</summary>
    Task DeletePoolAsync(StoragePoolRef pool, uint flags, CancellationToken ct);
    /// <summary>virStorageVolDownload: the volume's file from <paramref name="offset"/>, at most <paramref name="length"/> bytes (0: to its end).</summary>
    Task<VolumeTransfer> OpenDownloadAsync(StorageVolRef vol, ulong offset, ulong length, uint flags, CancellationToken ct);
    /// <summary>virStorageVolUpload: writes into the volume's file from <paramref name="offset"/>; the volume is in use until the transfer is disposed.</summary>
    Task<VolumeTransfer> OpenUploadAsync(StorageVolRef vol, ulong offset, ulong length, uint flags, CancellationToken ct);
    /// <summary>The volume as it is now (sizes read again, as libvirt does for info and XML).</summary>
    Task<StorageVolReport> VolumeAsync(StorageVolRef vol, CancellationToken ct);

    /// <summary>Raised after a pool was defined, undefined, started, stopped or refreshed. Handlers must not block.</summary>
    event Action<StoragePoolEvent>? Changed;
}
