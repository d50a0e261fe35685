using System.Runtime.InteropServices;

namespace Vireo.Platform.Native;

internal static unsafe partial class LibC
{
    [LibraryImport(Lib, EntryPoint = "posix_openpt", SetLastError = true)]
    public static partial int PosixOpenpt(int flags);

    [LibraryImport(Lib, EntryPoint = "grantpt", SetLastError = true)]
    public static partial int Grantpt(int fd);

    [LibraryImport(Lib, EntryPoint = "unlockpt", SetLastError = true)]
    public static partial int Unlockpt(int fd);

    [LibraryImport(Lib, EntryPoint = "ptsname_r")]
    public static partial int PtsnameR(int fd, byte* buf, nuint len);

    /// <summary>struct termios is 60 bytes in glibc; we only pass it between tcgetattr/cfmakeraw/tcsetattr.</summary>
    public const int TermiosBytes = 64;

    [LibraryImport(Lib, EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int Tcgetattr(int fd, void* termios);

    [LibraryImport(Lib, EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int Tcsetattr(int fd, int actions, void* termios);

    [LibraryImport(Lib, EntryPoint = "cfmakeraw")]
    public static partial void Cfmakeraw(void* termios);

    public const ulong TIOCSWINSZ = 0x5414, TIOCGWINSZ = 0x5413;
}
