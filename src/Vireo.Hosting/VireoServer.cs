using Microsoft.Extensions.Logging;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Server;

namespace Vireo.Hosting;

/// <summary>One socket the server listens on.</summary>
/// <param name="ReadOnly">Every connection on it is read-only (libvirt-sock-ro).</param>
/// <param name="Mode">The socket file's permissions: 0600 for read-write (root only), 0666 for read-only.</param>
public sealed record ListenEndpoint(string Path, bool ReadOnly, UnixFileMode Mode)
{
    public const UnixFileMode ReadWriteMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode ReadOnlyMode = ReadWriteMode | UnixFileMode.GroupRead | UnixFileMode.GroupWrite |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    public static ListenEndpoint ReadWrite(string path) => new(path, false, ReadWriteMode);
    public static ListenEndpoint ReadOnlyAt(string path) => new(path, true, ReadOnlyMode);
}

/// <summary>
/// Drivers plus libvirt's RPC server: what vireod runs, and what an embedded `vireo` runs in-process.
/// Started in vireod's order: drivers first (reconnect, autostart), then the listeners, so no client
/// sees a half-loaded driver.
/// </summary>
public sealed class VireoServer : IAsyncDisposable
{
    private readonly DriverSet _drivers;
    private readonly ILogger _log;
    private int _disposed;

    private VireoServer(DriverSet drivers, RpcServer rpc, ILogger log)
    {
        _drivers = drivers;
        Rpc = rpc;
        _log = log;
    }

    public RpcServer Rpc { get; }
    public IReadOnlyList<IHypervisorDriver> Drivers => _drivers.Drivers;

    /// <summary>Starts the drivers and builds the RPC server over those that started (the first one is the default for an empty URI).</summary>
    public static async Task<VireoServer> StartAsync(DriverSet drivers, ILoggerFactory loggers, RpcServerOptions? rpcOptions, CancellationToken ct)
    {
        try
        {
            await drivers.StartAsync(ct).ConfigureAwait(false);
            var rpc = new RpcServer(drivers.Drivers, rpcOptions ?? new RpcServerOptions(), loggers)
            {
                Storage = drivers.Storage, Networks = drivers.Networks, Secrets = drivers.Secrets,
                NodeDevices = Vireo.Drivers.NodeDevices.HostNodeDevices.ForHost(loggers.CreateLogger("Vireo.NodeDevices")),
                HostInterfaces = Vireo.Drivers.HostInterfaces.HostInterfaces.ForHost(),
            };
            Vireo.Rpc.Server.Procedures.FeatureProcedures.Register(rpc.Dispatcher);
            return new VireoServer(drivers, rpc, loggers.CreateLogger("Vireo.Hosting"));
        }
        catch
        {
            await drivers.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Claims each socket path (refusing ones another daemon serves) and listens on it.</summary>
    public async Task ListenAsync(IEnumerable<ListenEndpoint> endpoints, CancellationToken ct)
    {
        foreach (var e in endpoints)
        {
            await SocketClaim.ClaimAsync(e.Path, ct).ConfigureAwait(false);
            Rpc.ListenUnix(e.Path, e.ReadOnly, e.Mode);
            _log.LogInformation("Listening on {Path}{ReadOnly}", e.Path, e.ReadOnly ? " (read-only)" : "");
        }
    }

    /// <summary>Closes the listeners and client connections, then lets go of the guests (they keep running).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await Rpc.DisposeAsync().ConfigureAwait(false);
        await _drivers.DisposeAsync().ConfigureAwait(false);
    }
}
