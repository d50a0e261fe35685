using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Vireo.Platform.Native;

namespace Vireo.Platform.Files;

/// <summary>Copy-on-write clones and empty-directory removal, the two calls the storage driver needs beyond System.IO.</summary>
public static partial class FileClone
{
    private const ulong FICLONE = 0x40049409;

    /// <summary>ioctl(FICLONE): <paramref name="target"/> shares <paramref name="source"/>'s blocks (btrfs, xfs); ENOTSUP elsewhere.</summary>
    public static void Reflink(SafeFileHandle source, SafeFileHandle target)
    {
        bool a = false, b = false;
        source.DangerousAddRef(ref a);
        target.DangerousAddRef(ref b);
        try
        {
            if (Ioctl((int)target.DangerousGetHandle(), FICLONE, (int)source.DangerousGetHandle()) != 0)
                throw PlatformException.FromLastError("clone the file's blocks");
        }
        finally
        {
            if (a) source.DangerousRelease();
            if (b) target.DangerousRelease();
        }
    }

    /// <summary>rmdir(2): removes a directory only when it is empty (ENOTEMPTY otherwise).</summary>
    public static void RemoveEmptyDirectory(string path)
    {
        if (LibC.Rmdir(path) != 0) throw PlatformException.FromLastError($"remove the directory '{path}'");
    }

    /// <summary>strerror(3) of an errno: the words libvirt puts after a path.</summary>
    public static string ErrnoText(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, ulong request, int arg);
}
