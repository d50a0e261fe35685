using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Vireo.Web.Hosting;

/// <summary>
/// Kestrel's listen sockets, with one change for Unix sockets: the socket file is made 0600 after bind and
/// before Kestrel calls listen. A Unix socket accepts connections only once it listens, so there is no moment
/// in which a user other than root could connect to an API that has root's power over the guests (chmod after
/// Kestrel starts would leave the umask's mode, often 0755, open for that moment).
/// </summary>
internal static class RootOnlyUnixSocket
{
    public static Socket CreateBoundListenSocket(EndPoint endpoint)
    {
        if (endpoint is not UnixDomainSocketEndPoint unix) return SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(unix);
            var path = unix.ToString();
#pragma warning disable CA1416 // vireod runs on Linux only
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
#pragma warning restore CA1416
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
