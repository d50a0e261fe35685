using System.Runtime.InteropServices;

namespace Vireo.Cli.Terminal;

/// <summary>
/// Puts a terminal in raw mode (cfmakeraw: no echo, no line editing, no signals from Ctrl-C, no output
/// processing) for the console, and restores the saved settings on dispose, as virsh does. struct termios is
/// treated as opaque bytes (60 on x86_64 and aarch64 glibc; 64 leaves room).
/// </summary>
internal sealed unsafe partial class RawTerminal : IDisposable
{
    private const int TermiosSize = 64;
    private const int TcsaFlush = 2;

    private readonly int _fd;
    private readonly byte[] _saved = new byte[TermiosSize];
    private bool _restored;

    private RawTerminal(int fd) => _fd = fd;

    /// <summary>Raw mode on fd, or null when fd is not a terminal (or its settings cannot be changed).</summary>
    public static RawTerminal? Enter(int fd)
    {
        var t = new RawTerminal(fd);
        var raw = new byte[TermiosSize];
        fixed (byte* saved = t._saved)
        fixed (byte* r = raw)
        {
            if (TcGetAttr(fd, saved) != 0) return null;
            Buffer.MemoryCopy(saved, r, TermiosSize, TermiosSize);
            CfMakeRaw(r);
            if (TcSetAttr(fd, TcsaFlush, r) != 0) return null;
        }
        return t;
    }

    public void Dispose()
    {
        if (_restored) return;
        _restored = true;
        fixed (byte* saved = _saved) TcSetAttr(_fd, TcsaFlush, saved);
    }

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int TcGetAttr(int fd, byte* termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int TcSetAttr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void CfMakeRaw(byte* termios);
}
