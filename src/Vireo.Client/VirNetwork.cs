using Vireo.Drivers.Networks;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>A virtual network as a connection sees it (virNetworkPtr): its name and UUID.</summary>
public sealed class VirNetwork
{
    internal VirNetwork(VirConnection connection, NetworkRef reference)
    {
        Connection = connection;
        Ref = reference;
    }

    public VirConnection Connection { get; }
    public NetworkRef Ref { get; }
    public string Name => Ref.Name;
    public Guid Uuid => Ref.Uuid;

    private NetArgs Args => new(Ref);

    /// <summary>NETWORK_GET_XML_DESC; inactive: the definition the next start uses.</summary>
    public async Task<string> GetXmlDescAsync(bool inactive = false, CancellationToken ct = default) =>
        (await Connection.Rpc.CallAsync<NetFlagsArgs, StringValue>(RemoteProcedure.NetworkGetXmlDesc, new NetFlagsArgs(Ref, inactive ? 1u : 0u), ct).ConfigureAwait(false)).Value;

    public async Task<string> GetBridgeNameAsync(CancellationToken ct = default) =>
        (await Connection.Rpc.CallAsync<NetArgs, StringValue>(RemoteProcedure.NetworkGetBridgeName, Args, ct).ConfigureAwait(false)).Value;

    public async Task<bool> GetAutostartAsync(CancellationToken ct = default) => await IntAsync(RemoteProcedure.NetworkGetAutostart, ct).ConfigureAwait(false) != 0;
    public async Task<bool> IsActiveAsync(CancellationToken ct = default) => await IntAsync(RemoteProcedure.NetworkIsActive, ct).ConfigureAwait(false) != 0;
    public async Task<bool> IsPersistentAsync(CancellationToken ct = default) => await IntAsync(RemoteProcedure.NetworkIsPersistent, ct).ConfigureAwait(false) != 0;

    public Task SetAutostartAsync(bool autostart, CancellationToken ct = default) =>
        Connection.Rpc.CallVoidAsync(RemoteProcedure.NetworkSetAutostart, new NetIntArgs(Ref, autostart ? 1 : 0), ct);

    /// <summary>NETWORK_UPDATE (net-update): one section of the running network and/or its saved definition changed.</summary>
    public Task UpdateAsync(Core.Networks.NetworkUpdateCommand command, Core.Networks.NetworkUpdateSection section, int parentIndex, string xml,
        Drivers.Networks.NetworkUpdateFlags flags, CancellationToken ct = default) =>
        Connection.Rpc.CallVoidAsync(RemoteProcedure.NetworkUpdate, new NetworkUpdateArgs(Ref, (uint)command, (uint)section, parentIndex, xml, (uint)flags), ct);

    /// <summary>NETWORK_CREATE: starts the defined network (net-start).</summary>
    public Task StartAsync(CancellationToken ct = default) => Connection.Rpc.CallVoidAsync(RemoteProcedure.NetworkCreate, Args, ct);
    public Task DestroyAsync(CancellationToken ct = default) => Connection.Rpc.CallVoidAsync(RemoteProcedure.NetworkDestroy, Args, ct);
    public Task UndefineAsync(CancellationToken ct = default) => Connection.Rpc.CallVoidAsync(RemoteProcedure.NetworkUndefine, Args, ct);

    private async Task<int> IntAsync(RemoteProcedure proc, CancellationToken ct) =>
        (await Connection.Rpc.CallAsync<NetArgs, IntValue>(proc, Args, ct).ConfigureAwait(false)).Value;
}
