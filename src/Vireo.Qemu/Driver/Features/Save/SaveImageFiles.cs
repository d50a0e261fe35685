using Vireo.Core.Errors;
using Vireo.Platform.Files;

namespace Vireo.Qemu.Driver.Features.Save;

/// <summary>
/// The files of save images and dumps: created under a temporary name beside the final one and renamed only once
/// complete and synced (a failed save leaves nothing under the final name), opened for reading with
/// libvirt's sentences for what is missing or unreadable.
/// </summary>
internal static class SaveImageFiles
{
    /// <summary>A new temporary file beside <paramref name="finalPath"/>; refused as libvirt refuses the final name.</summary>
    public static (string TempPath, FileStream File) CreateTemp(string finalPath)
    {
        var dir = Path.GetDirectoryName(finalPath) ?? "/";
        var temp = Path.Combine(dir, $".{Path.GetFileName(finalPath)}.vireo-{Guid.NewGuid().ToString("N")[..8]}.tmp");
        try
        {
            // Owner-only, as libvirt creates them: the file holds the guest's memory.
#pragma warning disable CA1416 // Vireo runs on Linux only
            return (temp, new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 1 << 20,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }));
#pragma warning restore CA1416
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw VirErrors.System($"Failed to create file '{finalPath}': {Reason(e)}");
        }
    }

    /// <summary>Data and size on disk, then the new name, then the directory entry (a crash never leaves a torn image under the final name).</summary>
    public static void Commit(string tempPath, FileStream file, string finalPath)
    {
        file.Flush(flushToDisk: true);
        file.Dispose();
        File.Move(tempPath, finalPath, overwrite: true);
        AtomicFile.FsyncDirectory(Path.GetDirectoryName(finalPath) ?? "/");
    }

    /// <summary>
    /// Closes and deletes a temporary image that will not be committed. Closing flushes the stream's buffer,
    /// which fails again when the disk is full: that second error is the same cause already being reported,
    /// and must not escape from the caller's clean-up (it would skip the guest's resume and leave the file).
    /// </summary>
    public static async Task DiscardAsync(string tempPath, FileStream file)
    {
        try
        {
            await file.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The handle is closed even when the final flush fails.
        }
        DeleteQuietly(tempPath);
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The caller is already reporting the failure that made this file useless.
        }
    }

    public static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw VirErrors.System($"Failed to open file '{path}': {Reason(e)}");
        }
    }

    /// <summary>The header of the image at <paramref name="path"/>.</summary>
    public static SaveImageHeader ReadHeader(string path)
    {
        using var f = OpenRead(path);
        return SaveImageHeader.Read(f).Header;
    }

    /// <summary>
    /// Replaces the image's header (a new XML or state after restore), keeping its migration stream: the
    /// stream is copied behind the new header under a temporary name, then renamed over the image.
    /// </summary>
    public static async Task RewriteHeaderAsync(string path, SaveImageHeader header, CancellationToken ct)
    {
        await using var source = OpenRead(path);
        var (_, offset) = SaveImageHeader.Read(source);
        var (temp, file) = CreateTemp(path);
        try
        {
            await file.WriteAsync(header.Encode(), ct).ConfigureAwait(false);
            source.Position = offset;
            await source.CopyToAsync(file, ct).ConfigureAwait(false);
            Commit(temp, file, path);
        }
        catch
        {
            await DiscardAsync(temp, file).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>strerror's words for the usual causes.</summary>
    public static string Reason(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ when e.Message.Contains("Read-only file system", StringComparison.Ordinal) => "Read-only file system",
        _ when e.Message.Contains("No space left", StringComparison.Ordinal) => "No space left on device",
        _ => e.Message,
    };
}
