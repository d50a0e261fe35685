using System.Runtime.InteropServices;

namespace Vireo.Rpc.Server;

/// <summary>
/// A connection transport that can hand file descriptors to the client (a Unix socket). libvirt's peers
/// expect each descriptor of a *_WITH_FDS message right after the message's last byte, one per
/// sendmsg with one data byte of its own (gnulib's sendfd/recvfd), so the connection calls this with
/// its output held, after the message is flushed.
/// </summary>
public interface IFdPassingTransport
{
    Task SendFdsAsync(IReadOnlyList<SafeHandle> fds, CancellationToken ct);
}
