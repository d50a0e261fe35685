using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Vireo.Rpc.Server;

/// <summary>
/// Accepts clients on a Unix socket. The socket file is created with the given mode (0600 by default) and
/// each client's SO_PEERCRED is recorded. A read-only listener makes every connection read-only, as
/// libvirtd's libvirt-sock-ro does.
/// </summary>
public sealed class UnixRpcListener : IAsyncDisposable
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    private readonly RpcServer _server;
    private readonly Socket _socket;
    private Task _acceptLoop = Task.CompletedTask;

    internal UnixRpcListener(RpcServer server, string path, bool readOnly, UnixFileMode mode)
    {
        _server = server;
        Path = path;
        ReadOnly = readOnly;
        var dir = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        if (File.Exists(path)) File.Delete(path); // a stale socket from a previous run
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            _socket.Bind(new UnixDomainSocketEndPoint(path));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
            _socket.Listen(128);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    public string Path { get; }
    public bool ReadOnly { get; }

    internal void Start(CancellationToken stopping) => _acceptLoop = AcceptLoopAsync(stopping);

    private async Task AcceptLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _server.Logger.LogWarning(e, "accepting on {Path} failed", Path);
                continue;
            }
            Serve(_server, client, ReadOnly);
        }
    }

    /// <summary>Serves one connected Unix socket (accepted here, or handed over by <see cref="RpcServer.ServeSocket"/>); takes ownership.</summary>
    internal static void Serve(RpcServer server, Socket client, bool readOnly)
    {
        var peer = ReadPeer(client);
        var stream = new NetworkStream(client, ownsSocket: true);
        var who = peer is { } p ? $"pid {p.Pid} uid {p.Uid}" : "unknown peer";
        var transport = new StreamDuplexPipe(stream, SocketReadThread.Start(client, "vireo rpc " + who));
        server.Serve(transport, new ConnectionInfo(readOnly, peer, who), transport);
    }

    private static PeerCredentials? ReadPeer(Socket s)
    {
        try
        {
            Span<byte> cred = stackalloc byte[12];
            if (s.GetRawSocketOption(SolSocket, SoPeerCred, cred) < 12) return null;
            return new PeerCredentials(BitConverter.ToInt32(cred), BitConverter.ToUInt32(cred[4..]), BitConverter.ToUInt32(cred[8..]));
        }
        catch (SocketException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        try { await _acceptLoop.ConfigureAwait(false); }
        catch (Exception e) { _server.Logger.LogDebug(e, "accept loop ended with an error"); }
        try { File.Delete(Path); }
        catch (IOException) { }
    }

    /// <summary>
    /// A socket as a duplex pipe that can pass descriptors: read by its own thread (<see cref="SocketReadThread"/>),
    /// written asynchronously through the stream; disposing it closes the socket.
    /// </summary>
    private sealed class StreamDuplexPipe(NetworkStream stream, PipeReader input) : IDuplexPipe, IFdPassingTransport, IAsyncDisposable
    {
        private static readonly byte[] FdByte = [0];

        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));

        public ValueTask DisposeAsync()
        {
            // Wakes the read thread out of poll(2) at once; closing the descriptor alone would not.
            try { stream.Socket.Shutdown(SocketShutdown.Both); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
            return stream.DisposeAsync();
        }

        /// <summary>One descriptor per sendmsg with one zero byte, as libvirt's clients read them (recvfd).</summary>
        public async Task SendFdsAsync(IReadOnlyList<System.Runtime.InteropServices.SafeHandle> fds, CancellationToken ct)
        {
            foreach (var fd in fds)
                await Vireo.Platform.Sockets.FdPassing.SendAsync(stream.Socket, FdByte, [fd], ct).ConfigureAwait(false);
        }
    }
}
