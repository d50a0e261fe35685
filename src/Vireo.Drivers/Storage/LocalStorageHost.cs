using Vireo.Core.Storage;
using Vireo.Platform.Files;

#pragma warning disable CA1416 // Vireo runs on Linux only (Unix file modes)

namespace Vireo.Drivers.Storage;

/// <summary>The real host: the file system and qemu-img (Linux only, as all of Vireo).</summary>
public sealed partial class LocalStorageHost : IStorageHost
{
    public FileStatus? Stat(string path) => FileStatus.Of(path);

    public FileSystemUsage Usage(string directory) => FileSystemUsage.Of(directory);

    public IReadOnlyList<string> ListFiles(string directory)
    {
        var names = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(directory))
        {
            // stat follows symlinks: a link to an image is a volume, a link to a directory is not. An image
            // being created (CreateImageAsync's hidden temp name) is not one yet.
            if (IsTempName(Path.GetFileName(path))) continue;
            if (FileStatus.Of(path) is { IsRegularFile: true }) names.Add(Path.GetFileName(path));
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>A hidden name beside <paramref name="path"/> that <see cref="ListFiles"/> never lists.</summary>
    private static string TempNameFor(string path) => Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.vireo-{Guid.NewGuid():N}");

    private static bool IsTempName(string name) => name.StartsWith('.') && name.Contains(".vireo-", StringComparison.Ordinal);

    public void CreateDirectory(string path, uint? mode)
    {
        var info = Directory.CreateDirectory(path);
        if (mode is { } m) File.SetUnixFileMode(info.FullName, (UnixFileMode)m);
    }

    public ImageFacts? Probe(string path)
    {
        try
        {
            return ImageFacts.From(ImageHeaderReader.Read(path));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null; // shown as a raw file of its length, as an unreadable image was before
        }
    }

    public Task CreateImageAsync(string path, StorageVolDef def, CancellationToken ct) =>
        BuildInPlaceAsync(path, async temp =>
        {
            var mode = (UnixFileMode)(def.Mode ?? 0x180); // libvirt's volumes are 0600 unless the XML says otherwise
            if (def.Format == VolumeFormat.Qcow2)
            {
                await QemuImgRunner.CreateQcow2Async(temp, def, ct).ConfigureAwait(false);
                File.SetUnixFileMode(temp, mode);
            }
            else
            {
                CreateRaw(temp, def, mode);
            }
        }, ct);

    /// <summary>
    /// Builds a new file under a hidden temp name and moves it into place without replacing: a file that appeared
    /// meanwhile is never clobbered, a failure leaves no half-written image under the volume's name, and the
    /// volume is listed only once it is whole.
    /// </summary>
    private static async Task BuildInPlaceAsync(string path, Func<string, Task> build, CancellationToken ct)
    {
        var temp = TempNameFor(path);
        try
        {
            await build(temp).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            File.Move(temp, path, overwrite: false);
        }
        catch
        {
            try { File.Delete(temp); }
            catch (IOException) { }
            throw;
        }
    }

    /// <summary>A raw file of the capacity: allocation 0 is sparse; otherwise that many bytes are reserved (posix_fallocate), as libvirt does.</summary>
    private static void CreateRaw(string path, StorageVolDef def, UnixFileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = mode,
            PreallocationSize = (long)def.Allocation,
        };
        using var stream = new FileStream(path, options);
        stream.SetLength((long)def.Capacity);
        stream.Flush(flushToDisk: true);
    }

    public async Task ResizeImageAsync(string path, VolumeFormat format, ulong capacity, bool allocate, bool shrink, CancellationToken ct)
    {
        if (format == VolumeFormat.Qcow2)
        {
            await QemuImgRunner.ResizeAsync(path, capacity, shrink, ct).ConfigureAwait(false);
            return;
        }
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        var old = RandomAccess.GetLength(handle);
        RandomAccess.SetLength(handle, (long)capacity);
        if (allocate && (long)capacity > old) FileSpace.Reserve(handle, old, (long)capacity - old); // the grown part, as libvirt's --allocate
    }

    public void DeleteFile(string path)
    {
        if (!File.Exists(path)) throw StorageErrors.System($"cannot unlink file '{path}': No such file or directory");
        File.Delete(path);
    }
}
