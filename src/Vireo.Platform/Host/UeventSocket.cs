using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Vireo.Platform.Native;

namespace Vireo.Platform.Host;

/// <summary>
/// The kernel's uevent multicast (NETLINK_KOBJECT_UEVENT, group 1): every device added, removed or changed
/// on the host, as the kernel announces it. Read directly rather than through udevd's relay, which is not
/// running on every host (it is not on the build machine); the price is that udev's own properties (ID_*)
/// are absent, which device listing does not need since it rereads sysfs anyway.
/// </summary>
public sealed class UeventSocket : IDisposable
{
    private const int KernelGroup = 1;
    private const int ReceiveBufferBytes = 4 * 1024 * 1024;   // a burst (a guest starting, a module loading) must not overflow it
    private readonly Socket _socket;

    private UeventSocket(Socket socket) => _socket = socket;

    public static unsafe UeventSocket Open()
    {
        int fd = LibC.Socket(LibC.AF_NETLINK, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, LibC.NETLINK_KOBJECT_UEVENT);
        PlatformException.ThrowIfNegative(fd, "open the kernel's uevent socket");
        try
        {
            int size = ReceiveBufferBytes;
            _ = LibC.SetSockOpt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, &size, sizeof(int)); // best effort: the default is only smaller
            var address = new LibC.SockAddrNetlink { Family = LibC.AF_NETLINK, Groups = KernelGroup };
            PlatformException.ThrowIfNegative(LibC.Bind(fd, &address, (uint)sizeof(LibC.SockAddrNetlink)), "listen to the kernel's uevents");
            return new UeventSocket(new Socket(new SafeSocketHandle(fd, ownsHandle: true)));
        }
        catch
        {
            _ = LibC.Close(fd);
            throw;
        }
    }

    /// <summary>
    /// The uevents as they come, until cancelled. A null item means some were lost (the socket's buffer
    /// overflowed): the reader should reread whatever it keeps rather than trust its deltas.
    /// </summary>
    public async IAsyncEnumerable<Uevent?> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
            {
                n = -1;
            }
            if (n < 0)
            {
                yield return null;
                continue;
            }
            if (Uevent.Parse(buffer.AsSpan(0, n)) is { } uevent) yield return uevent;
        }
    }

    public void Dispose() => _socket.Dispose();
}
