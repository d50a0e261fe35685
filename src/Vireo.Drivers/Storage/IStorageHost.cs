using Vireo.Core.Domain;
using Vireo.Core.Images;
using Vireo.Core.Storage;
using Vireo.Platform.Files;

namespace Vireo.Drivers.Storage;

/// <summary>What an image's header says (Qcow2Features: set for a version 3 qcow2). The allocation is not here: it is stat's st_blocks.</summary>
public sealed record ImageFacts(VolumeFormat Format, ulong VirtualSize, ulong ClusterSize, string? BackingPath, VolumeFormat? BackingFormat,
    Qcow2Features? Qcow2Features = null)
{
    /// <summary>The storage driver's view of a parsed header: qemu-img info's compat "1.1" for a version 3 qcow2.</summary>
    public static ImageFacts From(ImageHeader h) => new(
        h.Format == DiskFormat.Qcow2 ? VolumeFormat.Qcow2 : VolumeFormat.Raw, h.VirtualSize, h.ClusterSize, h.BackingFile,
        h.BackingFormat switch { DiskFormat.Qcow2 => VolumeFormat.Qcow2, DiskFormat.Raw => VolumeFormat.Raw, _ => null },
        h.Version == 3 ? new Qcow2Features("1.1", h.LazyRefcounts) : null);
}

/// <summary>
/// Every effect the storage driver has on the host, in one thin interface: directories, stat/statvfs,
/// image probing (header reads) and creation (qemu-img), file removal. The driver's rules stay testable apart from them.
/// </summary>
public interface IStorageHost
{
    FileStatus? Stat(string path);
    FileSystemUsage Usage(string directory);
    /// <summary>The names of the regular files in a directory (sub-directories and sockets are not volumes here).</summary>
    IReadOnlyList<string> ListFiles(string directory);
    /// <summary>mkdir -p, with the mode for the last component when given.</summary>
    void CreateDirectory(string path, uint? mode);
    /// <summary>Format, virtual size and backing of an image from its header (no process); null when the file cannot be read or its header makes no sense.</summary>
    ImageFacts? Probe(string path);
    /// <summary>Creates a new image at <paramref name="path"/>; never replaces an existing file, and leaves nothing behind on failure.</summary>
    Task CreateImageAsync(string path, StorageVolDef def, CancellationToken ct);
    void DeleteFile(string path);
    /// <summary>
    /// Creates a new LUKS (raw) or LUKS-in-qcow2 image keyed by <paramref name="passphrase"/>, which reaches qemu-img
    /// only through a 0600 file removed afterwards; like <see cref="CreateImageAsync"/>, nothing is left on failure.
    /// </summary>
    Task CreateEncryptedImageAsync(string path, StorageVolDef def, ReadOnlyMemory<byte> passphrase, CancellationToken ct) =>
        throw StorageErrors.Unsupported("this storage host cannot create encrypted volumes");
    /// <summary>
    /// Copies <paramref name="source"/> (of <paramref name="sourceFormat"/>) into a new image at <paramref name="path"/>
    /// in <paramref name="def"/>'s format, capacity and allocation; like <see cref="CreateImageAsync"/> it never
    /// replaces a file and leaves nothing behind on failure. <paramref name="reflink"/>: share the blocks (raw to raw).
    /// </summary>
    Task CloneImageAsync(string source, VolumeFormat sourceFormat, string path, StorageVolDef def, bool reflink, CancellationToken ct);
    /// <summary>libvirt's zero wipe of a file: a sparse file is truncated to nothing and back, any other has its allocated length overwritten with zeros.</summary>
    Task WipeZeroAsync(string path, CancellationToken ct);
    /// <summary>Runs scrub(1) with one of its patterns (nnsa, dod, ...) over the file, as libvirt does for the other wipe algorithms.</summary>
    Task ScrubAsync(string path, string pattern, CancellationToken ct);
    /// <summary>rmdir: a dir pool's pool-delete (fails when the directory is not empty).</summary>
    void RemoveEmptyDirectory(string path);
    /// <summary>Sets an image's virtual size: qemu-img resize for qcow2, truncate (and fallocate with <paramref name="allocate"/>) for raw.</summary>
    Task ResizeImageAsync(string path, VolumeFormat format, ulong capacity, bool allocate, bool shrink, CancellationToken ct);
}
