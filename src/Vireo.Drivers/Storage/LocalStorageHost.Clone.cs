using Vireo.Core.Storage;
using Vireo.Platform.Files;
using Vireo.Platform.Native;

#pragma warning disable CA1416 // Vireo runs on Linux only (Unix file modes)

namespace Vireo.Drivers.Storage;

// vol-clone, vol-wipe and pool-delete on the real file system.
public sealed partial class LocalStorageHost
{
    public Task CloneImageAsync(string source, VolumeFormat sourceFormat, string path, StorageVolDef def, bool reflink, CancellationToken ct) =>
        BuildInPlaceAsync(path, async temp =>
        {
            var mode = (UnixFileMode)(def.Mode ?? 0x180);
            if (reflink && sourceFormat == VolumeFormat.Raw && def.Format == VolumeFormat.Raw)
                ReflinkRaw(source, temp, mode);
            else
                await QemuImgRunner.ConvertAsync(source, sourceFormat, temp, def, ct).ConfigureAwait(false);
            File.SetUnixFileMode(temp, mode);
            using (var handle = File.OpenHandle(temp, FileMode.Open, FileAccess.ReadWrite))
            {
                if (def.Format == VolumeFormat.Raw)
                {
                    // A larger capacity grows the file; the allocation asked for is reserved (0: stays sparse), as libvirt's raw clone.
                    if ((long)def.Capacity > RandomAccess.GetLength(handle)) RandomAccess.SetLength(handle, (long)def.Capacity);
                    if (def.Allocation > 0) FileSpace.Reserve(handle, 0, (long)Math.Min(def.Allocation, def.Capacity));
                }
                RandomAccess.FlushToDisk(handle);
            }
            if (def.Format == VolumeFormat.Qcow2 && ImageHeaderReader.Read(temp).VirtualSize < def.Capacity)
                await QemuImgRunner.ResizeAsync(temp, def.Capacity, shrink: false, ct).ConfigureAwait(false);
        }, ct);

    private static void ReflinkRaw(string source, string temp, UnixFileMode mode)
    {
        using var from = File.OpenHandle(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var to = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode });
        try
        {
            FileClone.Reflink(from, to.SafeFileHandle);
        }
        catch (PlatformException e)
        {
            // libvirt's words: "failed to clone files from 'SRC': Operation not supported" on a file system without reflinks.
            throw new Core.Errors.VirException(Core.Errors.VirErrorCode.SystemError, Core.Errors.VirErrorDomain.Storage,
                $"failed to clone files from '{source}': {FileClone.ErrnoText(e.Errno)}");
        }
    }

    public async Task WipeZeroAsync(string path, CancellationToken ct)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        var stat = FileStatus.Of(path) ?? throw new FileNotFoundException($"'{path}' is gone", path);
        if (stat.IsRegularFile && stat.Blocks < stat.Size / 512)
        {
            // Sparse: dropping every block and setting the length again reads back as zeros, and stays sparse.
            RandomAccess.SetLength(handle, 0);
            RandomAccess.SetLength(handle, stat.Size);
        }
        else
        {
            // Every allocated byte from the start is written with zeros (libvirt writes the volume's allocation,
            // which for a qcow2 file can reach past its end).
            var zeros = new byte[1 << 20];
            for (long at = 0; at < stat.AllocatedBytes; at += zeros.Length)
            {
                ct.ThrowIfCancellationRequested();
                await RandomAccess.WriteAsync(handle, zeros.AsMemory(0, (int)Math.Min(zeros.Length, stat.AllocatedBytes - at)), at, ct).ConfigureAwait(false);
            }
        }
        RandomAccess.FlushToDisk(handle);
    }

    public async Task ScrubAsync(string path, string pattern, CancellationToken ct)
    {
        var scrub = FindInPath("scrub") ?? throw new Core.Errors.VirException(Core.Errors.VirErrorCode.SystemError, Core.Errors.VirErrorDomain.None,
            "Cannot find 'scrub' in path: No such file or directory");
        await QemuImgRunner.RunCheckedAsync(scrub, ["-f", "-p", pattern, path], $"cannot wipe volume '{path}'", ct).ConfigureAwait(false);
    }

    private static string? FindInPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    public void RemoveEmptyDirectory(string path) => FileClone.RemoveEmptyDirectory(path);
}
