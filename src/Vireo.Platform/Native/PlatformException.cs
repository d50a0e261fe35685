using System.Runtime.InteropServices;

namespace Vireo.Platform.Native;

/// <summary>
/// A failed system call, carrying the errno so callers can react to specific causes
/// (ENOENT, EBUSY, ENOSPC...) while the message stays a whole sentence for logs and users.
/// </summary>
public sealed class PlatformException : IOException
{
    public PlatformException(string action, int errno)
        : base($"Could not {action}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).")
    {
        Errno = errno;
        HResult = errno;
    }

    /// <summary>The Linux errno value (e.g. 2 = ENOENT).</summary>
    public int Errno { get; }

    /// <summary>Throws for the errno of the last P/Invoke (needs SetLastError = true on the import).</summary>
    internal static PlatformException FromLastError(string action) => new(action, Marshal.GetLastPInvokeError());

    internal static void ThrowIfNegative(int rc, string action)
    {
        if (rc < 0)
            throw FromLastError(action);
    }
}

/// <summary>errno values we branch on (x86-64/aarch64 Linux share these).</summary>
public static class Errno
{
    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, EBADF = 9, ECHILD = 10, EAGAIN = 11,
        ENOMEM = 12, EACCES = 13, EBUSY = 16, EEXIST = 17, ENODEV = 19, EINVAL = 22, ENOSPC = 28,
        ENOTSUP = 95, ECONNREFUSED = 111;
}
