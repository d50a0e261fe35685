using System.Text;
using Microsoft.Win32.SafeHandles;
using Vireo.Platform.Native;

namespace Vireo.Platform.Files;

/// <summary>
/// Crash-safe file replacement: write a temp file in the same directory, fsync it, rename it over the
/// target, fsync the directory. After a crash a reader sees either the old or the new content, never a
/// torn mix, and a rename that returned is durable.
/// </summary>
public static class AtomicFile
{
    public static Task WriteAllTextAsync(string path, string text, CancellationToken ct = default) =>
        WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(text), ct);

    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? "/";
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
#pragma warning disable CA1416 // Vireo runs on Linux only
            var fileOptions = new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
#pragma warning restore CA1416
            await using (var stream = new FileStream(temp, fileOptions))
            {
                await stream.WriteAsync(content, ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true); // fsync
            }
            File.Move(temp, full, overwrite: true); // rename(2): atomic within one filesystem
            FsyncDirectory(dir);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Makes a rename or create in <paramref name="dir"/> durable.</summary>
    public static void FsyncDirectory(string dir)
    {
        int fd = LibC.Open(dir, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        if (fd < 0)
            throw PlatformException.FromLastError($"open directory {dir} to sync it");
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        PlatformException.ThrowIfNegative(LibC.Fsync(fd), $"sync directory {dir}");
    }
}
