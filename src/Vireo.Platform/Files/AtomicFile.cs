using System.Text;
using Microsoft.Win32.SafeHandles;
using Vireo.Platform.Native;

namespace Vireo.Platform.Files;

/// <summary>How much a finished <see cref="AtomicFile"/> write promises after a crash (power loss, kernel panic).</summary>
public enum WriteDurability
{
    /// <summary>
    /// Crash-atomic and durable: the temp file is fsynced before the rename and the directory after it, so
    /// once the call returns the new content survives a crash. Two journal commits on ext4 (2-14 ms each
    /// on this machine's disk).
    /// </summary>
    Durable,

    /// <summary>
    /// Crash-atomic only: the temp file's data is on disk (fdatasync) before the rename, the directory is
    /// not synced. After a crash a reader sees the old content or the whole new content, never a torn or
    /// empty file; a replacement made just before the crash (or a file created just before it) may be
    /// missing, i.e. the last change may be lost, as if it had not been made. This is exactly what
    /// libvirt's virFileRewrite promises for its domain configs and status files (fsync the temp, rename,
    /// no directory sync); it halves the cost of every define and state change.
    /// </summary>
    CrashAtomic,
}

/// <summary>
/// Crash-safe file replacement: write a temp file in the same directory, sync it, rename it over the
/// target, and (for <see cref="WriteDurability.Durable"/>) sync the directory. After a crash a reader sees
/// either the old or the new content, never a torn mix.
/// </summary>
public static class AtomicFile
{
    public static Task WriteAllTextAsync(string path, string text, CancellationToken ct = default) =>
        WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(text), WriteDurability.Durable, ct);

    public static Task WriteAllTextAsync(string path, string text, WriteDurability durability, CancellationToken ct = default) =>
        WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(text), durability, ct);

    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct = default) =>
        WriteAllBytesAsync(path, content, WriteDurability.Durable, ct);

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="content"/>. Synchronous underneath (the files are
    /// small: a thread-pool round trip per write cost more than the write); cancellation is checked before
    /// the rename, so a cancelled write leaves the old content.
    /// </summary>
    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, WriteDurability durability, CancellationToken ct = default)
    {
        try
        {
            ct.ThrowIfCancellationRequested();
            Write(path, content.Span, durability, ct);
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    private static void Write(string path, ReadOnlySpan<byte> content, WriteDurability durability, CancellationToken ct)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? "/";
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
#pragma warning disable CA1416 // Vireo runs on Linux only
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
#pragma warning restore CA1416
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                int fd = (int)stream.SafeFileHandle.DangerousGetHandle();
                // fdatasync writes the data and the size (all a reader of the new name needs); fsync would
                // also write the timestamps, which nothing here reads.
                PlatformException.ThrowIfNegative(
                    durability == WriteDurability.Durable ? LibC.Fsync(fd) : LibC.Fdatasync(fd), $"sync {temp}");
            }
            ct.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true); // rename(2): atomic within one filesystem
            if (durability == WriteDurability.Durable) FsyncDirectory(dir);
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

    /// <summary>Removes a file, if there, and makes the removal durable.</summary>
    public static void DeleteDurably(string path)
    {
        if (!File.Exists(path)) return;
        File.Delete(path);
        FsyncDirectory(Path.GetDirectoryName(path)!);
    }
}
