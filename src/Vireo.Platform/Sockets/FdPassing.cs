using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Vireo.Platform.Native;

namespace Vireo.Platform.Sockets;

/// <summary>
/// Sending and receiving file descriptors over a Unix socket (SCM_RIGHTS), e.g. a tap fd to QEMU for
/// QMP getfd/add-fd. The descriptors travel with the first byte of the data, so the caller sends the
/// whole message that refers to them in one call.
/// </summary>
public static class FdPassing
{
    /// <summary>Most descriptors one message may carry (the kernel's SCM_MAX_FD is 253).</summary>
    public const int MaxFds = 253;

    public static async Task SendAsync(Socket socket, ReadOnlyMemory<byte> data, IReadOnlyList<SafeHandle> fds, CancellationToken ct = default)
    {
        if (data.IsEmpty)
            throw new ArgumentException("Descriptors must travel with at least one byte of data.", nameof(data));
        if (fds.Count is 0 or > MaxFds)
            throw new ArgumentException($"Between 1 and {MaxFds} descriptors can be sent at once, not {fds.Count}.", nameof(fds));
        int sent;
        while ((sent = TrySendOnce(socket, data, fds)) < 0)
            await WaitWritableAsync(socket, ct).ConfigureAwait(false);
        if (sent < data.Length)
            await socket.SendAsync(data[sent..], SocketFlags.None, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Receives data and any descriptors that came with it (opened close-on-exec). Returns 0 bytes at EOF.
    /// </summary>
    public static async Task<(int Bytes, IReadOnlyList<SafeFileHandle> Fds)> ReceiveAsync(Socket socket, Memory<byte> buffer, CancellationToken ct = default)
    {
        while (true)
        {
            var result = TryReceiveOnce(socket, buffer);
            if (result.Bytes >= 0)
                return result;
            // Zero-byte receive: completes when data is available without consuming it.
            await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, ct).ConfigureAwait(false);
        }
    }

    private static unsafe int TrySendOnce(Socket socket, ReadOnlyMemory<byte> data, IReadOnlyList<SafeHandle> fds)
    {
        int controlBytes = LibC.CmsgSpace(fds.Count * sizeof(int));
        byte* control = stackalloc byte[controlBytes];
        new Span<byte>(control, controlBytes).Clear();
        *(nuint*)control = (nuint)(LibC.CmsgHeaderBytes + fds.Count * sizeof(int)); // CMSG_LEN
        *(int*)(control + 8) = LibC.SOL_SOCKET;
        *(int*)(control + 12) = LibC.SCM_RIGHTS;
        for (int i = 0; i < fds.Count; i++)
            ((int*)(control + LibC.CmsgHeaderBytes))[i] = (int)fds[i].DangerousGetHandle();

        using var pin = data.Pin();
        var iov = new LibC.IoVec { Base = pin.Pointer, Length = (nuint)data.Length };
        var msg = new LibC.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)controlBytes };
        nint n = LibC.SendMsg((int)socket.SafeHandle.DangerousGetHandle(), &msg, LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL);
        if (n >= 0)
            return (int)n;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR)
            return -1;
        throw new PlatformException("send file descriptors over a Unix socket", errno);
    }

    private static unsafe (int Bytes, IReadOnlyList<SafeFileHandle> Fds) TryReceiveOnce(Socket socket, Memory<byte> buffer)
    {
        int controlBytes = LibC.CmsgSpace(MaxFds * sizeof(int));
        byte* control = stackalloc byte[controlBytes];
        using var pin = buffer.Pin();
        var iov = new LibC.IoVec { Base = pin.Pointer, Length = (nuint)buffer.Length };
        var msg = new LibC.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)controlBytes };
        nint n = LibC.RecvMsg((int)socket.SafeHandle.DangerousGetHandle(), &msg, LibC.MSG_DONTWAIT | LibC.MSG_CMSG_CLOEXEC);
        if (n < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EAGAIN || errno == Errno.EINTR)
                return (-1, []);
            throw new PlatformException("receive from a Unix socket", errno);
        }
        var fds = new List<SafeFileHandle>();
        // Walk the control messages (CMSG_FIRSTHDR/CMSG_NXTHDR).
        for (int offset = 0; offset + LibC.CmsgHeaderBytes <= (int)msg.ControlLength;)
        {
            int len = (int)*(nuint*)(control + offset);
            if (len < LibC.CmsgHeaderBytes)
                break;
            if (*(int*)(control + offset + 8) == LibC.SOL_SOCKET && *(int*)(control + offset + 12) == LibC.SCM_RIGHTS)
            {
                int count = (len - LibC.CmsgHeaderBytes) / sizeof(int);
                for (int i = 0; i < count; i++)
                    fds.Add(new SafeFileHandle(((int*)(control + offset + LibC.CmsgHeaderBytes))[i], ownsHandle: true));
            }
            offset += LibC.CmsgAlign(len);
        }
        if ((msg.Flags & LibC.MSG_CTRUNC) != 0)
        {
            foreach (var fd in fds)
                fd.Dispose();
            throw new IOException("More file descriptors arrived than one message may carry; they were discarded.");
        }
        return ((int)n, fds);
    }

    private static async Task WaitWritableAsync(Socket socket, CancellationToken ct)
    {
        // No zero-byte send exists to await writability; Poll on the thread pool with a short timeout.
        while (!await Task.Run(() => socket.Poll(TimeSpan.FromMilliseconds(50), SelectMode.SelectWrite), ct).ConfigureAwait(false))
            ct.ThrowIfCancellationRequested();
    }
}
