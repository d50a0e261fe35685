using Vireo.Core.Storage;
using Vireo.Platform.Files;

namespace Vireo.Drivers.Storage;

/// <summary>What qemu-img info says about an image (Qcow2Features: set for a version 3 qcow2).</summary>
public sealed record ImageFacts(VolumeFormat Format, ulong VirtualSize, ulong ActualSize, ulong ClusterSize, string? BackingPath, VolumeFormat? BackingFormat,
    Qcow2Features? Qcow2Features = null);

/// <summary>
/// Every effect the storage driver has on the host, in one thin interface: directories, stat/statvfs,
/// image probing and creation (qemu-img), file removal. The driver's rules stay testable apart from them.
/// </summary>
public interface IStorageHost
{
    FileStatus? Stat(string path);
    FileSystemUsage Usage(string directory);
    /// <summary>The names of the regular files in a directory (sub-directories and sockets are not volumes here).</summary>
    IReadOnlyList<string> ListFiles(string directory);
    /// <summary>mkdir -p, with the mode for the last component when given.</summary>
    void CreateDirectory(string path, uint? mode);
    /// <summary>Format, sizes and backing of an image; null when qemu-img cannot read it.</summary>
    Task<ImageFacts?> ProbeAsync(string path, CancellationToken ct);
    /// <summary>Creates a new image at <paramref name="path"/>; never replaces an existing file, and leaves nothing behind on failure.</summary>
    Task CreateImageAsync(string path, StorageVolDef def, CancellationToken ct);
    void DeleteFile(string path);
    /// <summary>Sets an image's virtual size: qemu-img resize for qcow2, truncate (and fallocate with <paramref name="allocate"/>) for raw.</summary>
    Task ResizeImageAsync(string path, VolumeFormat format, ulong capacity, bool allocate, bool shrink, CancellationToken ct);
}
