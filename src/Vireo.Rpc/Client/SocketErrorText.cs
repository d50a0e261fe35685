using System.Net.Sockets;

namespace Vireo.Rpc.Client;

/// <summary>
/// The strerror text libvirt prints after "Failed to connect socket to 'PATH': ". .NET's SocketException message
/// appends the endpoint and, for a Unix socket path that does not exist (ENOENT), says "Cannot assign requested
/// address" (it maps ENOENT to AddressNotAvailable), so the text is rebuilt from the error code.
/// </summary>
internal static class SocketErrorText
{
    public static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressNotAvailable => "No such file or directory",
        SocketError.ConnectionRefused => "Connection refused",
        SocketError.AccessDenied => "Permission denied",
        SocketError.TimedOut => "Connection timed out",
        SocketError.NetworkUnreachable => "Network is unreachable",
        _ => e.Message,
    };
}
