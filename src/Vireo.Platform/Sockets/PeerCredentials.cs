using System.Net.Sockets;

namespace Vireo.Platform.Sockets;

/// <summary>Who is on the other end of a Unix socket, as the kernel recorded it at connect time (SO_PEERCRED).</summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    public static PeerCredentials Of(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        int n = socket.GetRawSocketOption(Native.LibC.SOL_SOCKET, Native.LibC.SO_PEERCRED, ucred);
        if (n < 12)
            throw new IOException($"SO_PEERCRED returned {n} bytes instead of 12.");
        return new PeerCredentials(
            BitConverter.ToInt32(ucred[..4]), BitConverter.ToUInt32(ucred[4..8]), BitConverter.ToUInt32(ucred[8..12]));
    }
}
