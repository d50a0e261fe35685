using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Vireo.Platform.Native;

namespace Vireo.Platform.Files;

/// <summary>posix_fallocate(3) on an open file: reserves disk blocks for a range without writing it.</summary>
public static partial class FileSpace
{
    public static void Reserve(SafeFileHandle file, long offset, long length)
    {
        if (length <= 0) return;
        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            // posix_fallocate returns the error number instead of setting errno.
            var rc = PosixFallocate((int)file.DangerousGetHandle(), offset, length);
            if (rc != 0) throw new PlatformException("reserve space in the file", rc);
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_fallocate")]
    private static partial int PosixFallocate(int fd, long offset, long length);
}
