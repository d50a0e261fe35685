using System.IO.Pipelines;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Client;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>
/// A connection to vireod or libvirtd over libvirt's remote protocol — the .NET counterpart of
/// virConnectPtr. Open with <see cref="OpenAsync(string?, VirConnectionOptions?, CancellationToken)"/>;
/// every method is async and throws <see cref="VirException"/> with the daemon's code and message.
/// </summary>
public sealed partial class VirConnection : IAsyncDisposable
{
    private const int AuthNone = 0;
    private const int AuthPolkit = 2;

    private VirConnection(RpcClientConnection rpc, string uri, VirConnectionOptions options, bool callbackEvents)
    {
        Rpc = rpc;
        Uri = uri;
        Options = options;
        SupportsCallbackEvents = callbackEvents;
    }

    /// <summary>The protocol connection underneath, for calls this API does not wrap yet.</summary>
    public RpcClientConnection Rpc { get; }

    /// <summary>The URI the daemon knows this connection by (asked with CONNECT_GET_URI when none was given).</summary>
    public string Uri { get; }

    /// <summary>The options the connection was opened with.</summary>
    public VirConnectionOptions Options { get; }
    public bool IsReadOnly => Options.ReadOnly;

    /// <summary>The daemon supports per-callback events (feature 14); events are unavailable otherwise.</summary>
    public bool SupportsCallbackEvents { get; }

    /// <summary>
    /// Connects to the daemon a URI names: "qemu:///system", "lxc:///", "test:///default" use vireod's socket
    /// (/run/vireo/libvirt-sock, or $VIREO_SOCKET); "qemu+unix:///system?socket=PATH" uses PATH (libvirtd:
    /// /run/libvirt/libvirt-sock). Embedded URIs ("qemu:///embed?root=DIR") need a server in this process:
    /// use <see cref="OpenAsync(IDuplexPipe, string?, VirConnectionOptions?, CancellationToken)"/>.
    /// </summary>
    public static async Task<VirConnection> OpenAsync(string? uri = null, VirConnectionOptions? options = null, CancellationToken ct = default)
    {
        options ??= new VirConnectionOptions();
        var parsed = VirUri.Parse(uri, options.ReadOnly);
        if (parsed.IsEmbedded)
            throw new VirException(VirErrorCode.NoConnect, VirErrorDomain.None,
                $"{uri} (an embedded URI needs an in-process server: open it over the server's ConnectInProcess pipe)");
        var rpc = await RpcClientConnection.ConnectUnixAsync(parsed.SocketPath, ct).ConfigureAwait(false);
        return await HandshakeAsync(rpc, parsed.Name, options, ct).ConfigureAwait(false);
    }

    /// <summary>Opens over an existing transport, e.g. RpcServer.ConnectInProcess() for embedded mode.</summary>
    public static Task<VirConnection> OpenAsync(IDuplexPipe transport, string? uri, VirConnectionOptions? options = null, CancellationToken ct = default) =>
        HandshakeAsync(new RpcClientConnection(transport), VirUri.Parse(uri).Name, options ?? new VirConnectionOptions(), ct);

    /// <summary>The same handshake virsh performs (§5.1 of the protocol notes).</summary>
    private static async Task<VirConnection> HandshakeAsync(RpcClientConnection rpc, string name, VirConnectionOptions options, CancellationToken ct)
    {
        try
        {
            var auth = await rpc.CallAsync<AuthListRet>(RemoteProcedure.AuthList, ct).ConfigureAwait(false);
            if (auth.Types.Length > 0 && !auth.Types.Contains(AuthNone))
            {
                if (!auth.Types.Contains(AuthPolkit))
                    throw new VirException(VirErrorCode.AuthFailed, VirErrorDomain.Rpc, "no supported authentication method offered by the daemon");
                await rpc.CallAsync<IntValue>(RemoteProcedure.AuthPolkit, ct).ConfigureAwait(false);
            }
            var keepalive = options.KeepaliveInterval > TimeSpan.Zero &&
                (await rpc.CallAsync<IntValue, IntValue>(RemoteProcedure.ConnectSupportsFeature, new IntValue(RemoteFeatures.ProgramKeepalive), ct).ConfigureAwait(false)).Value == 1;
            await rpc.CallVoidAsync(RemoteProcedure.ConnectOpen, new ConnectOpenArgs(name, options.ReadOnly ? ConnectOpenArgs.ReadOnly : 0), ct).ConfigureAwait(false);
            var uri = name.Length > 0 ? name : (await rpc.CallAsync<StringValue>(RemoteProcedure.ConnectGetUri, ct).ConfigureAwait(false)).Value;
            var events = (await rpc.CallAsync<IntValue, IntValue>(RemoteProcedure.ConnectSupportsFeature, new IntValue(RemoteFeatures.RemoteEventCallback), ct).ConfigureAwait(false)).Value == 1;
            if (keepalive) rpc.StartKeepalive(options.KeepaliveInterval, options.KeepaliveCount);
            return new VirConnection(rpc, uri, options, events);
        }
        catch
        {
            await rpc.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The driver's name: "QEMU", "LXC", "TEST".</summary>
    public async Task<string> GetTypeAsync(CancellationToken ct = default) =>
        (await Rpc.CallAsync<StringValue>(RemoteProcedure.ConnectGetType, ct).ConfigureAwait(false)).Value;

    /// <summary>The hypervisor version, major*1000000 + minor*1000 + micro.</summary>
    public async Task<ulong> GetVersionAsync(CancellationToken ct = default) =>
        (await Rpc.CallAsync<ULongValue>(RemoteProcedure.ConnectGetVersion, ct).ConfigureAwait(false)).Value;

    /// <summary>The daemon's libvirt API version, major*1000000 + minor*1000 + micro.</summary>
    public async Task<ulong> GetLibVersionAsync(CancellationToken ct = default) =>
        (await Rpc.CallAsync<ULongValue>(RemoteProcedure.ConnectGetLibVersion, ct).ConfigureAwait(false)).Value;

    /// <summary>The daemon host's name.</summary>
    public async Task<string> GetHostnameAsync(CancellationToken ct = default) =>
        (await Rpc.CallAsync<StringValue>(RemoteProcedure.ConnectGetHostname, ct).ConfigureAwait(false)).Value;

    /// <summary>The host's capabilities XML (virsh capabilities).</summary>
    public async Task<string> GetCapabilitiesAsync(CancellationToken ct = default) =>
        (await Rpc.CallAsync<StringValue>(RemoteProcedure.ConnectGetCapabilities, ct).ConfigureAwait(false)).Value;

    /// <summary>NODE_GET_INFO (virsh nodeinfo): CPU model, memory in KiB, CPUs, MHz and topology.</summary>
    public async Task<NodeInfo> GetNodeInfoAsync(CancellationToken ct = default)
    {
        var n = await Rpc.CallAsync<NodeGetInfoRet>(RemoteProcedure.NodeGetInfo, ct).ConfigureAwait(false);
        return new NodeInfo(n.Model, n.Memory, n.Cpus, n.Mhz, n.Nodes, n.Sockets, n.Cores, n.Threads);
    }

    /// <summary>Answers true while the connection works (libvirt's virConnectIsAlive).</summary>
    public bool IsAlive => !Rpc.IsClosed;

    /// <summary>Says goodbye (CONNECT_CLOSE) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Rpc.IsClosed)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await Rpc.CallAsync<VoidRecord>(RemoteProcedure.ConnectClose, cts.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is VirException or OperationCanceledException or IOException) { }
        }
        await Rpc.DisposeAsync().ConfigureAwait(false);
    }
}
