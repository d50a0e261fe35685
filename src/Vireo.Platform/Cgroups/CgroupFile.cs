using System.Text;
using Vireo.Platform.Native;

namespace Vireo.Platform.Cgroups;

/// <summary>
/// Reads and writes cgroup interface files with one read()/write() call each: the kernel parses a write
/// as one value, and its errno (ENOSPC for an empty cpuset, EINVAL for a bad value, EBUSY...) is the
/// information the caller needs, so it is kept in the exception.
/// </summary>
internal static class CgroupFile
{
    public static unsafe void Write(string path, string value)
    {
        int fd = LibC.Open(path, LibC.O_WRONLY | LibC.O_CLOEXEC, 0);
        if (fd < 0)
            throw PlatformException.FromLastError($"open cgroup file {path} to write '{value}'");
        try
        {
            byte[] bytes = Encoding.ASCII.GetBytes(value);
            fixed (byte* p = bytes)
            {
                if (LibC.Write(fd, p, (nuint)bytes.Length) < 0)
                    throw PlatformException.FromLastError($"write '{value}' to cgroup file {path}");
            }
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    public static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (FileNotFoundException)
        {
            throw new PlatformException($"read cgroup file {path}", Errno.ENOENT);
        }
    }

    public static ulong ReadULong(string path) => ulong.Parse(Read(path), System.Globalization.CultureInfo.InvariantCulture);

    public static long ReadLong(string path) => long.Parse(Read(path), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads one "key value" line of a flat keyed file such as cpu.stat or cgroup.events.</summary>
    public static string? ReadKey(string path, string key)
    {
        foreach (string line in Read(path).Split('\n'))
        {
            int sp = line.IndexOf(' ');
            if (sp > 0 && line.AsSpan(0, sp).SequenceEqual(key))
                return line[(sp + 1)..].Trim();
        }
        return null;
    }

    /// <summary>PIDs or TIDs listed one per line (cgroup.procs, tasks, cgroup.threads).</summary>
    public static IReadOnlyList<int> ReadIds(string path) =>
        Read(path).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    public static void MakeDirectory(string path)
    {
        if (LibC.Mkdir(path, Convert.ToInt32("755", 8)) < 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != Errno.EEXIST)
                throw new PlatformException($"create cgroup directory {path}", errno);
        }
    }

    /// <summary>rmdir's every directory below and including <paramref name="path"/>, deepest first.</summary>
    public static async Task RemoveTreeAsync(string path, CancellationToken ct)
    {
        if (!Directory.Exists(path))
            return;
        var dirs = Directory.GetDirectories(path, "*", SearchOption.AllDirectories)
            .OrderByDescending(d => d.Count(c => c == '/')).Append(path);
        foreach (string dir in dirs)
            await RemoveOneAsync(dir, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A cgroup whose last task just exited can report EBUSY for a short moment while the kernel
    /// finishes releasing it, so EBUSY is retried for up to two seconds before it is reported.
    /// </summary>
    private static async Task RemoveOneAsync(string dir, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        int delayMs = 1;
        while (true)
        {
            if (LibC.Rmdir(dir) == 0)
                return;
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno == Errno.ENOENT)
                return;
            if (errno != Errno.EBUSY || DateTime.UtcNow > deadline)
                throw new PlatformException(
                    $"remove cgroup {dir}{(errno == Errno.EBUSY ? " (processes are still in it)" : "")}", errno);
            await Task.Delay(delayMs, ct).ConfigureAwait(false);
            delayMs = Math.Min(delayMs * 2, 50);
        }
    }
}
