using Vireo.Core.Errors;
using Vireo.Core.Networks;
using Vireo.Drivers.Networks;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// libvirt's virtual-network procedures over the server's shared <see cref="INetworks"/>, for every
/// connection (qemu and lxc alike, as libvirtd's network driver is). Lookups, lists and XML answer at
/// once, read-only connections included; changes run asynchronously and are refused on read-only connections.
/// </summary>
public static class NetworkProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.RegisterSync(RemoteProcedure.ConnectNumOfNetworks, static (CallContext c, VoidRecord _) =>
            new IntValue(N(c, "virConnectNumOfNetworks").ListNetworks(NetworkListFlags.Active).Count));
        d.RegisterSync(RemoteProcedure.ConnectNumOfDefinedNetworks, static (CallContext c, VoidRecord _) =>
            new IntValue(N(c, "virConnectNumOfDefinedNetworks").ListNetworks(NetworkListFlags.Inactive).Count));
        d.RegisterSync(RemoteProcedure.ConnectListNetworks, static (CallContext c, IntValue a) =>
            new NameListRet(N(c, "virConnectListNetworks").ListNetworks(NetworkListFlags.Active).Take(Math.Max(0, a.Value)).Select(n => n.Name).ToArray()));
        d.RegisterSync(RemoteProcedure.ConnectListDefinedNetworks, static (CallContext c, IntValue a) =>
            new NameListRet(N(c, "virConnectListDefinedNetworks").ListNetworks(NetworkListFlags.Inactive).Take(Math.Max(0, a.Value)).Select(n => n.Name).ToArray()));
        d.RegisterSync(RemoteProcedure.ConnectListAllNetworks, static (CallContext c, ListAllDomainsArgs a) =>
        {
            var nets = N(c, "virConnectListAllNetworks").ListNetworks((NetworkListFlags)a.Flags);
            return new NetListRet(a.NeedResults != 0 ? nets : [], (uint)nets.Count);
        });

        d.RegisterSync(RemoteProcedure.NetworkLookupByName, static (CallContext c, StringValue a) =>
            new NetArgs(N(c, "virNetworkLookupByName").LookupByName(a.Value)));
        d.RegisterSync(RemoteProcedure.NetworkLookupByUuid, static (CallContext c, UuidArgs a) =>
            new NetArgs(N(c, "virNetworkLookupByUUID").LookupByUuid(a.Uuid)));
        d.RegisterSync(RemoteProcedure.NetworkGetXmlDesc, static (CallContext c, NetFlagsArgs a) =>
            new StringValue(N(c, "virNetworkGetXMLDesc").Xml(a.Network, inactive: (a.Flags & 1) != 0)));
        d.RegisterSync(RemoteProcedure.NetworkGetBridgeName, static (CallContext c, NetArgs a) =>
            new StringValue(N(c, "virNetworkGetBridgeName").BridgeName(a.Network)));
        d.RegisterSync(RemoteProcedure.NetworkGetAutostart, static (CallContext c, NetArgs a) =>
            new IntValue(N(c, "virNetworkGetAutostart").Info(a.Network).Autostart ? 1 : 0));
        d.RegisterSync(RemoteProcedure.NetworkIsActive, static (CallContext c, NetArgs a) =>
            new IntValue(N(c, "virNetworkIsActive").Info(a.Network).Active ? 1 : 0));
        d.RegisterSync(RemoteProcedure.NetworkIsPersistent, static (CallContext c, NetArgs a) =>
            new IntValue(N(c, "virNetworkIsPersistent").Info(a.Network).Persistent ? 1 : 0));
        // As libvirtd: need_results 0 asks for the count only.
        d.RegisterSync(RemoteProcedure.NetworkGetDhcpLeases, static (CallContext c, DhcpLeasesArgs a) =>
        {
            var networks = N(c, "virNetworkGetDHCPLeases");
            if (a.Flags != 0) throw VirErrors.UnsupportedFlags(a.Flags, "networkGetDHCPLeases", VirErrorDomain.Network);
            var leases = networks.DhcpLeases(a.Network, a.Mac);
            return new DhcpLeasesRet(a.NeedResults != 0 ? leases : [], (uint)leases.Count);
        });

        d.Register(RemoteProcedure.NetworkDefineXml, static async (CallContext c, StringValue a) =>
            new NetArgs(await N(c, "virNetworkDefineXML").DefineAsync(a.Value, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virNetworkDefineXML"));
        d.Register(RemoteProcedure.NetworkCreateXml, static async (CallContext c, StringValue a) =>
            new NetArgs(await N(c, "virNetworkCreateXML").CreateAsync(a.Value, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virNetworkCreateXML"));
        d.Register(RemoteProcedure.NetworkDefineXmlFlags, static async (CallContext c, StringFlagsArgs a) =>
            new NetArgs(await N(c, "virNetworkDefineXMLFlags").DefineAsync(a.Text, (NetworkDefineFlags)a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virNetworkDefineXMLFlags"));
        d.Register(RemoteProcedure.NetworkCreateXmlFlags, static async (CallContext c, StringFlagsArgs a) =>
            new NetArgs(await N(c, "virNetworkCreateXMLFlags").CreateAsync(a.Text, (NetworkCreateFlags)a.Flags, c.Cancellation).ConfigureAwait(false)),
            ProcedureOptions.Write("virNetworkCreateXMLFlags"));
        Change<NetArgs>(d, RemoteProcedure.NetworkCreate, "virNetworkCreate", static (n, c, a) => n.StartAsync(a.Network, c.Cancellation));
        Change<NetArgs>(d, RemoteProcedure.NetworkDestroy, "virNetworkDestroy", static (n, c, a) => n.DestroyAsync(a.Network, c.Cancellation));
        Change<NetArgs>(d, RemoteProcedure.NetworkUndefine, "virNetworkUndefine", static (n, c, a) => n.UndefineAsync(a.Network, c.Cancellation));
        Change<NetworkUpdateArgs>(d, RemoteProcedure.NetworkUpdate, "virNetworkUpdate", static (n, c, a) =>
            n.UpdateAsync(a.Network, (NetworkUpdateCommand)a.Command, (NetworkUpdateSection)a.Section, a.ParentIndex, a.Xml, (NetworkUpdateFlags)a.Flags, c.Cancellation));
        Change<NetIntArgs>(d, RemoteProcedure.NetworkSetAutostart, "virNetworkSetAutostart",
            static (n, c, a) => n.SetAutostartAsync(a.Network, a.Value != 0, c.Cancellation));

        d.RegisterSync(RemoteProcedure.ConnectNetworkEventRegisterAny, static (CallContext c, NetEventRegisterArgs a) =>
        {
            var networks = N(c, "virConnectNetworkEventRegisterAny");
            if (a.Network is { } n) networks.LookupByUuid(n.Uuid);
            var uuid = a.Network?.Uuid;
            return new IntValue(c.Connection.NetworkEvents.Register(a.EventId, uuid is null ? null : e => e.Network.Uuid == uuid,
                h => EventSubscription.Of<NetworkEvent>(x => networks.Changed += x, x => networks.Changed -= x, h)));
        });
        d.RegisterSync(RemoteProcedure.ConnectNetworkEventDeregisterAny, static (CallContext c, IntValue a) =>
        {
            c.Connection.NetworkEvents.Deregister(a.Value);
            return default(VoidRecord);
        });
    }

    /// <summary>A network change with no reply body, refused on read-only connections.</summary>
    private static void Change<TArgs>(RpcDispatcher d, RemoteProcedure proc, string api, Func<INetworks, CallContext, TArgs, Task> change)
        where TArgs : Xdr.IXdrRecord<TArgs> =>
        d.Register(proc, async (CallContext c, TArgs a) =>
        {
            await change(N(c, api), c, a).ConfigureAwait(false);
            return default(VoidRecord);
        }, ProcedureOptions.Write(api));

    private static INetworks N(CallContext c, string api) => c.Networks(api);
}
