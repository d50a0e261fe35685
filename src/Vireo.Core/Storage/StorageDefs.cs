namespace Vireo.Core.Storage;

/// <summary>libvirt's virStoragePoolState: what virStoragePoolGetInfo reports.</summary>
public enum StoragePoolState
{
    Inactive = 0,
    Building = 1,
    Running = 2,
    Degraded = 3,
    Inaccessible = 4,
}

/// <summary>libvirt's virStorageVolType: every volume of a directory pool is a file.</summary>
public enum StorageVolType
{
    File = 0,
    Block = 1,
    Dir = 2,
    Network = 3,
    NetDir = 4,
    Ploop = 5,
}

/// <summary>The image formats Vireo creates and reads in directory pools.</summary>
public enum VolumeFormat
{
    Raw,
    Qcow2,
}

/// <summary>&lt;permissions&gt; of a pool's directory or a volume's file. Null parts were not given.</summary>
public sealed record StoragePermissions(uint? Mode, uint? Owner, uint? Group, string? Label = null);

/// <summary>
/// A directory storage pool's definition (&lt;pool type='dir'&gt;): its name, uuid and the directory
/// whose files are its volumes. Sizes are not part of the definition; they are read from the file system.
/// </summary>
public sealed record StoragePoolDef(string Name, Guid Uuid, string TargetPath, StoragePermissions? Permissions = null) : State.INamedDefinition;

/// <summary>A volume to create, as &lt;volume&gt; XML asks for it.</summary>
/// <param name="Allocation">Bytes to allocate now: 0 makes a sparse file; libvirt takes the capacity when the element is missing.</param>
/// <param name="Mode">The new file's permission bits (libvirt's default is 0600).</param>
/// <param name="LazyRefcounts">qcow2 &lt;features&gt;&lt;lazy_refcounts/&gt; (virt-install asks for it).</param>
/// <param name="PreallocateMetadata">VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA: a qcow2's metadata is written now (qemu-img preallocation=metadata).</param>
/// <param name="Encryption">&lt;target&gt;&lt;encryption&gt;: a LUKS image (raw) or LUKS inside a qcow2, keyed by a secret's value.</param>
/// <param name="Compat">&lt;target&gt;&lt;compat&gt;: the qcow2 version asked for ("1.1"), "1.1" when only &lt;features&gt; is given,
/// null for libvirt's default (a new qcow2 is made with compat 0.10).</param>
public sealed record StorageVolDef(string Name, ulong Capacity, ulong Allocation, VolumeFormat Format,
    string? BackingPath = null, VolumeFormat? BackingFormat = null, uint? Mode = null, bool LazyRefcounts = false, bool PreallocateMetadata = false,
    VolumeEncryption? Encryption = null, string? Compat = null);

/// <summary>stat(2) facts about a file, as libvirt prints them in a volume's &lt;target&gt; or &lt;backingStore&gt;.</summary>
public sealed record StorageFileFacts(uint Mode, uint Owner, uint Group, string Atime, string Mtime, string Ctime);

/// <summary>Everything a volume's XML shows: the image's sizes and format, and its file's facts.</summary>
/// <param name="Allocation">Bytes the file occupies on disk.</param>
/// <param name="Physical">The file's length.</param>
/// <param name="ClusterSize">A qcow2 image's cluster size (0: not known or not qcow2).</param>
/// <param name="Qcow2Features">A version 3 qcow2 image's compat level ("1.1") and features (lazy_refcounts); null for version 2 (compat 0.10) and raw.</param>
/// <param name="Encryption">The volume's encryption: as created (with its secret) or as its header shows it (no secret).</param>
public sealed record StorageVolReport(string Name, string Path, VolumeFormat Format, ulong Capacity, ulong Allocation, ulong Physical,
    StorageFileFacts? File = null, ulong ClusterSize = 0, StorageBackingReport? Backing = null, Qcow2Features? Qcow2Features = null,
    VolumeEncryption? Encryption = null);

/// <summary>What libvirt prints of a version 3 qcow2 header: &lt;compat&gt; and &lt;features&gt;.</summary>
public sealed record Qcow2Features(string Compat, bool LazyRefcounts);

/// <summary>A volume's backing image as &lt;backingStore&gt; shows it.</summary>
public sealed record StorageBackingReport(string Path, VolumeFormat? Format, StorageFileFacts? File);

/// <summary>A pool's sizes (all 0 for an inactive pool, as libvirt shows a pool never started).</summary>
public readonly record struct StoragePoolSizes(ulong Capacity, ulong Allocation, ulong Available);
