using System.Net.Sockets;
using Vireo.Platform.Native;

namespace Vireo.Platform.Sockets;

/// <summary>Unix stream socket helpers: connect to a server that may not be listening yet, and socket pairs.</summary>
public static class UnixSocket
{
    /// <summary>
    /// Connects to a socket a just-started process will create (QEMU binds its QMP socket 20-40 ms after
    /// spawn). ENOENT and ECONNREFUSED are retried with a short back-off until the deadline; the attempt
    /// stops early when <paramref name="abandonWhen"/> completes (e.g. the process exited).
    /// </summary>
    public static async Task<Socket> ConnectAsync(string path, TimeSpan timeout, Task? abandonWhen = null, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        int delayMs = 1;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressNotAvailable
                                                or SocketError.ConnectionRefused or SocketError.TryAgain
                                            || e.ErrorCode == Errno.ENOENT)
            {
                socket.Dispose();
                if (abandonWhen is { IsCompleted: true })
                    throw new IOException($"Gave up connecting to {path}: the process that should listen there is gone.", e);
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"Could not connect to {path} within {timeout.TotalSeconds:0.#} s: {e.Message}", e);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            Task delay = Task.Delay(delayMs, ct);
            await (abandonWhen == null ? delay : Task.WhenAny(delay, abandonWhen)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            delayMs = Math.Min(delayMs * 2, 20);
        }
    }

    /// <summary>A connected pair of Unix stream sockets (close-on-exec; pass one end to a child with SpawnOptions.InheritedFds).</summary>
    public static unsafe (Socket, Socket) CreatePair()
    {
        int* fds = stackalloc int[2];
        PlatformException.ThrowIfNegative(
            LibC.SocketPair(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0, fds), "create a socket pair");
        return (new Socket(new SafeSocketHandle(fds[0], ownsHandle: true)),
                new Socket(new SafeSocketHandle(fds[1], ownsHandle: true)));
    }
}
