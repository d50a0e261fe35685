using System.Text;
using Microsoft.Win32.SafeHandles;
using Vireo.Platform.Native;

namespace Vireo.Platform.Terminals;

/// <summary>
/// A pseudo-terminal for a container console: we keep the master, the container's init gets the
/// slave (<see cref="SlavePath"/>, or <see cref="OpenSlave"/> to pass an fd through SpawnOptions.InheritedFds).
/// </summary>
public sealed class Pty : IDisposable
{
    private Pty(SafeFileHandle master, string slavePath)
    {
        Master = master;
        SlavePath = slavePath;
    }

    /// <summary>The master side (close-on-exec). Read guest output from it, write keystrokes to it.</summary>
    public SafeFileHandle Master { get; }

    /// <summary>e.g. /dev/pts/7.</summary>
    public string SlavePath { get; }

    public static unsafe Pty Open()
    {
        int fd = LibC.PosixOpenpt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        if (fd < 0)
            throw PlatformException.FromLastError("open a pseudo-terminal master");
        var master = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            PlatformException.ThrowIfNegative(LibC.Grantpt(fd), "grant the pseudo-terminal slave");
            PlatformException.ThrowIfNegative(LibC.Unlockpt(fd), "unlock the pseudo-terminal slave");
            byte* buf = stackalloc byte[128];
            int rc = LibC.PtsnameR(fd, buf, 128);
            if (rc != 0)
                throw new PlatformException("get the pseudo-terminal slave name", rc);
            var name = new ReadOnlySpan<byte>(buf, 128);
            return new Pty(master, Encoding.UTF8.GetString(name[..name.IndexOf((byte)0)]));
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    /// <summary>Opens the slave side (no controlling-terminal change for us; close-on-exec).</summary>
    public SafeFileHandle OpenSlave()
    {
        int fd = LibC.Open(SlavePath, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC, 0);
        if (fd < 0)
            throw PlatformException.FromLastError($"open pseudo-terminal slave {SlavePath}");
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Raw mode on a terminal (no echo, no line editing, no signal keys), as a console relay needs.</summary>
    public static unsafe void MakeRaw(SafeFileHandle terminal)
    {
        byte* t = stackalloc byte[LibC.TermiosBytes];
        int fd = (int)terminal.DangerousGetHandle();
        PlatformException.ThrowIfNegative(LibC.Tcgetattr(fd, t), "read terminal attributes");
        LibC.Cfmakeraw(t);
        PlatformException.ThrowIfNegative(LibC.Tcsetattr(fd, 0 /* TCSANOW */, t), "set terminal attributes");
    }

    /// <summary>Sets the window size the program on the slave side sees (TIOCSWINSZ).</summary>
    public unsafe void SetWindowSize(ushort rows, ushort columns)
    {
        ushort* ws = stackalloc ushort[4] { rows, columns, 0, 0 };
        PlatformException.ThrowIfNegative(LibC.Ioctl((int)Master.DangerousGetHandle(), LibC.TIOCSWINSZ, ws), "set the terminal window size");
    }

    /// <summary>A stream over the master for reading output and writing input.</summary>
    public FileStream OpenMasterStream() => new(new SafeFileHandle(Master.DangerousGetHandle(), ownsHandle: false), FileAccess.ReadWrite, 0);

    public void Dispose() => Master.Dispose();
}
