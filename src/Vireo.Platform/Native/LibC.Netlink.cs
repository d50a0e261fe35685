using System.Runtime.InteropServices;

namespace Vireo.Platform.Native;

internal static unsafe partial class LibC
{
    public const int AF_NETLINK = 16, SOCK_DGRAM = 2, NETLINK_KOBJECT_UEVENT = 15;
    public const int SO_RCVBUFFORCE = 33;

    /// <summary>struct sockaddr_nl: family, padding, port id (0: the kernel picks), multicast groups.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockAddrNetlink
    {
        public ushort Family;
        public ushort Pad;
        public uint PortId;
        public uint Groups;
    }

    [LibraryImport(Lib, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Lib, EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, SockAddrNetlink* address, uint length);

    [LibraryImport(Lib, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, int* value, uint length);
}
