using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Server.Procedures;

namespace Vireo.Rpc.Server;

/// <summary>
/// libvirt's remote protocol server: the drivers clients can open, the dispatch table, the daemon-wide
/// event callback counter, and every live connection (over Unix sockets or in-process pipes).
/// </summary>
public sealed class RpcServer : IAsyncDisposable
{
    private readonly IReadOnlyList<IHypervisorDriver> _drivers;
    private readonly ConcurrentDictionary<RpcConnection, Task> _connections = new();
    private readonly List<UnixRpcListener> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _nextCallbackId = -1;
    private long _nextConnectionId;

    public RpcServer(IEnumerable<IHypervisorDriver> drivers, RpcServerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        _drivers = drivers.ToArray();
        if (_drivers.Count == 0) throw new ArgumentException("the server needs at least one driver", nameof(drivers));
        Options = options ?? new RpcServerOptions();
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Logger = LoggerFactory.CreateLogger<RpcServer>();
        Dispatcher = new RpcDispatcher();
        StandardProcedures.Register(Dispatcher);
    }

    public RpcServerOptions Options { get; }

    /// <summary>The dispatch table; add procedures here before clients connect.</summary>
    public RpcDispatcher Dispatcher { get; }

    public IReadOnlyList<IHypervisorDriver> Drivers => _drivers;

    /// <summary>The storage driver every connection shares (libvirt's is per daemon, not per hypervisor); null: none.</summary>
    public Vireo.Drivers.Storage.IStoragePools? Storage { get; init; }

    /// <summary>The network driver (bridge networks) all connections share; null: network procedures answer "not supported".</summary>
    public Vireo.Drivers.Networks.INetworks? Networks { get; init; }

    /// <summary>The secret driver all connections share; null: secret procedures answer "not supported".</summary>
    public Vireo.Drivers.Secrets.ISecrets? Secrets { get; init; }

    /// <summary>The host's devices (node device procedures); null: those procedures answer "not supported".</summary>
    public Vireo.Drivers.NodeDevices.INodeDevices? NodeDevices { get; init; }

    /// <summary>The host's network interfaces (interface procedures); null: those procedures answer "not supported".</summary>
    public Vireo.Drivers.HostInterfaces.IHostInterfaces? HostInterfaces { get; init; }

    internal ILoggerFactory LoggerFactory { get; }
    internal ILogger Logger { get; }

    /// <summary>Connections alive now.</summary>
    public int ConnectionCount => _connections.Count;

    private int _eventRegistrations;

    /// <summary>Event callbacks registered by all clients now (for status displays, and tests that wait for a client).</summary>
    public int EventRegistrationCount => Volatile.Read(ref _eventRegistrations);

    internal void CountRegistrations(int delta) => Interlocked.Add(ref _eventRegistrations, delta);

    /// <summary>libvirtd hands out event callback ids from one counter for the whole daemon.</summary>
    internal int NextCallbackId() => Interlocked.Increment(ref _nextCallbackId);

    /// <summary>The driver a CONNECT_OPEN URI names: by scheme; empty = the default driver.</summary>
    internal IHypervisorDriver? ResolveDriver(string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            if (Options.DefaultScheme is { } scheme)
                return _drivers.FirstOrDefault(d => d.UriSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase));
            return _drivers[0];
        }
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return null;
        var uriScheme = uri[..colon];
        // A transport suffix ("qemu+unix") never reaches the daemon from libvirt clients; accept it anyway.
        var plus = uriScheme.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0) uriScheme = uriScheme[..plus];
        return _drivers.FirstOrDefault(d => d.UriSchemes.Contains(uriScheme, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Listens on a Unix socket (read-only: every call that changes something is refused).</summary>
    public UnixRpcListener ListenUnix(string path, bool readOnly = false, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var listener = new UnixRpcListener(this, path, readOnly, mode);
        lock (_listeners) _listeners.Add(listener);
        listener.Start(_stopping.Token);
        return listener;
    }

    /// <summary>
    /// A client connection inside this process (embedded mode, tests): returns the client's end of a duplex
    /// pipe whose other end is served by a normal <see cref="RpcConnection"/>, so the same protocol code runs.
    /// </summary>
    public IDuplexPipe ConnectInProcess(bool readOnly = false)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var serverSide = new DuplexPipe(toServer.Reader, toClient.Writer);
        var clientSide = new DuplexPipe(toClient.Reader, toServer.Writer);
        Serve(serverSide, new ConnectionInfo(readOnly, null, "in-process"));
        return clientSide;
    }

    /// <summary>
    /// Serves one end of a connected Unix socket pair as a client connection (read-only: as a read-only
    /// listener's). Unlike <see cref="ConnectInProcess"/> the connection can pass file descriptors, which
    /// an embedded client needs for libvirt's LXC program. Takes ownership of the socket.
    /// </summary>
    public void ServeSocket(System.Net.Sockets.Socket connected, bool readOnly = false) => UnixRpcListener.Serve(this, connected, readOnly);

    /// <summary>Runs the protocol on an accepted transport until the client leaves.</summary>
    internal void Serve(IDuplexPipe transport, ConnectionInfo info, IAsyncDisposable? resource = null)
    {
        var conn = new RpcConnection(this, transport, info, Interlocked.Increment(ref _nextConnectionId));
        var run = Task.Run(async () =>
        {
            try { await conn.RunAsync(_stopping.Token).ConfigureAwait(false); }
            finally { if (resource is not null) await resource.DisposeAsync().ConfigureAwait(false); }
        });
        _connections[conn] = run;
        run.ContinueWith(_ => _connections.TryRemove(conn, out Task? _), TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        UnixRpcListener[] listeners;
        lock (_listeners) listeners = [.. _listeners];
        foreach (var l in listeners) await l.DisposeAsync().ConfigureAwait(false);
        foreach (var c in _connections.Keys) c.Abort("server shutting down");
        try { await Task.WhenAll(_connections.Values).ConfigureAwait(false); }
        catch (Exception e) { Logger.LogDebug(e, "connection ended with an error during shutdown"); }
        _stopping.Dispose();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}

/// <summary>Who is on the other end of a connection.</summary>
/// <param name="ReadOnlySocket">Accepted on a read-only listener: CONNECT_OPEN is forced read-only.</param>
/// <param name="Peer">SO_PEERCRED of a Unix socket client.</param>
public sealed record ConnectionInfo(bool ReadOnlySocket, PeerCredentials? Peer, string Description);

/// <summary>The process on the other end of a Unix socket.</summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid);
