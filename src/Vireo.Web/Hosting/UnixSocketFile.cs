using System.Net.Sockets;

namespace Vireo.Web;

/// <summary>A socket file left by a vireod that died is removed; one that still answers is left alone (Kestrel then fails to bind, with the reason).</summary>
internal static class UnixSocketFile
{
    public static void RemoveStale(string path)
    {
        if (!File.Exists(path)) return;
        if ((File.GetAttributes(path) & FileAttributes.Directory) != 0) return;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path);
        }
    }
}
