using System.Net.Sockets;

namespace Vireo.Hosting;

/// <summary>Another program already serves a socket path we were asked to listen on.</summary>
public sealed class SocketInUseException(string message) : Exception(message);

/// <summary>
/// Makes sure a socket path is ours to listen on before binding it: a socket someone answers on belongs to
/// a running daemon (libvirtd, virtqemud, another vireod, or systemd holding it for socket activation) and
/// is never taken over; a socket file nobody answers on is stale and is removed.
/// </summary>
public static class SocketClaim
{
    /// <summary>libvirt's modular QEMU daemon socket: libvirt clients prefer it to libvirt-sock when it exists.</summary>
    public const string VirtQemudSocket = "/run/libvirt/virtqemud-sock";

    public static async Task ClaimAsync(string path, CancellationToken ct)
    {
        if (!Exists(path)) return;
        if (await AnswersAsync(path, ct).ConfigureAwait(false))
            throw new SocketInUseException(
                $"Another daemon is listening on {path}. Stop it first (for libvirt: systemctl stop libvirtd.service libvirtd.socket " +
                "libvirtd-ro.socket libvirtd-admin.socket), or choose another socket path.");
        RemoveStale(path);
    }

    /// <summary>
    /// libvirt clients connect to virtqemud-sock rather than libvirt-sock when it exists, so vireod on libvirt's
    /// paths must make sure it does not: a stale one is removed, a live one makes vireod refuse to start.
    /// </summary>
    public static async Task EnsureNoVirtQemudAsync(string path, CancellationToken ct)
    {
        if (!Exists(path)) return;
        if (await AnswersAsync(path, ct).ConfigureAwait(false))
            throw new SocketInUseException(
                $"virtqemud is listening on {path}: libvirt clients (virsh, python-libvirt) would talk to it instead of vireod. " +
                "Stop it first (systemctl stop virtqemud.service virtqemud.socket virtqemud-ro.socket virtqemud-admin.socket).");
        RemoveStale(path);
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static void RemoveStale(string path)
    {
        var attributes = File.GetAttributes(path);
        if (attributes.HasFlag(FileAttributes.Directory))
            throw new SocketInUseException($"{path} is a directory, not a socket; remove it or choose another socket path.");
        File.Delete(path);
    }

    /// <summary>True when a connect to the path succeeds (someone accepts or queues connections there).</summary>
    internal static async Task<bool> AnswersAsync(string path, CancellationToken ct)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false; // ECONNREFUSED: nobody listens; ENOTSOCK etc.: not a live socket either
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return true; // a listener whose backlog is full is still someone else's listener
        }
    }
}
