using System.Runtime.InteropServices;
using Vireo.Platform.Native;

namespace Vireo.Platform.Files;

/// <summary>A time stamp as stat(2) gives it: seconds and nanoseconds since the epoch.</summary>
public readonly record struct FileTime(long Seconds, long Nanoseconds);

/// <summary>What stat(2) says about a file: what storage volumes report (libvirt reads the same fields).</summary>
/// <param name="Blocks">st_blocks: 512-byte units the file really occupies (its allocation).</param>
public sealed partial record FileStatus(uint Mode, uint Uid, uint Gid, long Size, long Blocks, FileTime Access, FileTime Modify, FileTime Change)
{
    /// <summary>The permission bits (with setuid/setgid/sticky), as libvirt prints them in &lt;mode&gt;.</summary>
    public uint Permissions => Mode & 0xfff;

    public bool IsRegularFile => (Mode & 0xf000) == 0x8000;
    public bool IsDirectory => (Mode & 0xf000) == 0x4000;

    /// <summary>Bytes allocated on disk.</summary>
    public long AllocatedBytes => Blocks * 512;

    /// <summary>stat(2) of <paramref name="path"/> (following symlinks); null when it does not exist.</summary>
    public static unsafe FileStatus? Of(string path)
    {
        StatBuffer buf;
        if (Stat(path, &buf) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is 2 or 20) return null; // ENOENT, ENOTDIR
            throw new PlatformException($"stat '{path}'", errno);
        }
        return new FileStatus(buf.Mode, buf.Uid, buf.Gid, buf.Size, buf.Blocks,
            new FileTime(buf.AtimeSec, buf.AtimeNsec), new FileTime(buf.MtimeSec, buf.MtimeNsec), new FileTime(buf.CtimeSec, buf.CtimeNsec));
    }

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, StatBuffer* buf);

    // struct stat of x86-64 glibc (144 bytes).
    [StructLayout(LayoutKind.Sequential)]
    private struct StatBuffer
    {
        public ulong Dev;
        public ulong Ino;
        public ulong Nlink;
        public uint Mode;
        public uint Uid;
        public uint Gid;
        public int Pad0;
        public ulong Rdev;
        public long Size;
        public long BlkSize;
        public long Blocks;
        public long AtimeSec, AtimeNsec, MtimeSec, MtimeNsec, CtimeSec, CtimeNsec;
        public long Reserved0, Reserved1, Reserved2;
    }
}

/// <summary>A file system's size as statvfs(2) gives it, in bytes (what a directory storage pool reports).</summary>
public sealed partial record FileSystemUsage(ulong Capacity, ulong Allocation, ulong Available)
{
    /// <summary>The usage of the file system holding <paramref name="path"/>.</summary>
    public static unsafe FileSystemUsage Of(string path)
    {
        StatvfsBuffer buf;
        if (Statvfs(path, &buf) != 0) throw new PlatformException($"statvfs '{path}'", Marshal.GetLastPInvokeError());
        // libvirt's dir pool counts the free blocks (f_bfree, root's reserve included), not f_bavail:
        // capacity = blocks, available = free, allocation = capacity - available.
        var capacity = buf.Frsize * buf.Blocks;
        var available = buf.Frsize * buf.Bfree;
        return new FileSystemUsage(capacity, capacity - available, available);
    }

    [LibraryImport("libc", EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statvfs(string path, StatvfsBuffer* buf);

    // struct statvfs of x86-64 glibc (112 bytes).
    [StructLayout(LayoutKind.Sequential)]
    private struct StatvfsBuffer
    {
        public ulong Bsize, Frsize, Blocks, Bfree, Bavail, Files, Ffree, Favail, Fsid, Flag, Namemax;
        public int Spare0, Spare1, Spare2, Spare3, Spare4, Spare5;
    }
}
