using Vireo.Drivers.Networks;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>Virtual networks: lists, lookups, define and create (virsh's net-* commands).</summary>
public sealed partial class VirConnection
{
    /// <summary>CONNECT_LIST_ALL_NETWORKS with libvirt's filter flags (none: every network).</summary>
    public async Task<IReadOnlyList<VirNetwork>> ListNetworksAsync(NetworkListFlags flags = NetworkListFlags.None, CancellationToken ct = default)
    {
        var r = await Rpc.CallAsync<ListAllDomainsArgs, NetListRet>(RemoteProcedure.ConnectListAllNetworks, new ListAllDomainsArgs(1, (uint)flags), ct).ConfigureAwait(false);
        return r.Networks.Select(n => new VirNetwork(this, n)).ToList();
    }

    public async Task<VirNetwork> LookupNetworkAsync(string name, CancellationToken ct = default) =>
        Net(await Rpc.CallAsync<StringValue, NetArgs>(RemoteProcedure.NetworkLookupByName, new StringValue(name), ct).ConfigureAwait(false));

    public async Task<VirNetwork> LookupNetworkAsync(Guid uuid, CancellationToken ct = default) =>
        Net(await Rpc.CallAsync<UuidArgs, NetArgs>(RemoteProcedure.NetworkLookupByUuid, new UuidArgs(uuid), ct).ConfigureAwait(false));

    /// <summary>NETWORK_DEFINE_XML: a persistent, inactive network.</summary>
    public async Task<VirNetwork> DefineNetworkAsync(string xml, CancellationToken ct = default) =>
        Net(await Rpc.CallAsync<StringValue, NetArgs>(RemoteProcedure.NetworkDefineXml, new StringValue(xml), ct).ConfigureAwait(false));

    /// <summary>NETWORK_CREATE_XML: a transient network, started at once.</summary>
    public async Task<VirNetwork> CreateNetworkAsync(string xml, CancellationToken ct = default) =>
        Net(await Rpc.CallAsync<StringValue, NetArgs>(RemoteProcedure.NetworkCreateXml, new StringValue(xml), ct).ConfigureAwait(false));

    /// <summary>NETWORK_DEFINE_XML_FLAGS: as <see cref="DefineNetworkAsync(string, CancellationToken)"/>, validated against libvirt's schema when asked.</summary>
    public async Task<VirNetwork> DefineNetworkAsync(string xml, NetworkDefineFlags flags, CancellationToken ct = default) =>
        Net(await Rpc.CallAsync<StringFlagsArgs, NetArgs>(RemoteProcedure.NetworkDefineXmlFlags, new StringFlagsArgs(xml, (uint)flags), ct).ConfigureAwait(false));

    /// <summary>NETWORK_CREATE_XML_FLAGS: as <see cref="CreateNetworkAsync(string, CancellationToken)"/>, validated against libvirt's schema when asked.</summary>
    public async Task<VirNetwork> CreateNetworkAsync(string xml, NetworkCreateFlags flags, CancellationToken ct = default) =>
        Net(await Rpc.CallAsync<StringFlagsArgs, NetArgs>(RemoteProcedure.NetworkCreateXmlFlags, new StringFlagsArgs(xml, (uint)flags), ct).ConfigureAwait(false));

    private VirNetwork Net(NetArgs r) => new(this, r.Network);
}
