using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Protocol;

/// <summary>The records of the network procedures (part of <see cref="ProcedureSignatures"/>).</summary>
internal static class NetworkSignatures
{
    public static void Add(Dictionary<RemoteProcedure, (Type, Type)> m)
    {
        var v = typeof(VoidRecord);
        var i = typeof(IntValue);
        var s = typeof(StringValue);
        var net = typeof(NetArgs);
        m[RemoteProcedure.ConnectNumOfNetworks] = (v, i);
        m[RemoteProcedure.ConnectNumOfDefinedNetworks] = (v, i);
        m[RemoteProcedure.ConnectListNetworks] = (i, typeof(NameListRet));
        m[RemoteProcedure.ConnectListDefinedNetworks] = (i, typeof(NameListRet));
        m[RemoteProcedure.ConnectListAllNetworks] = (typeof(ListAllDomainsArgs), typeof(NetListRet));
        m[RemoteProcedure.NetworkLookupByName] = (s, net);
        m[RemoteProcedure.NetworkLookupByUuid] = (typeof(UuidArgs), net);
        m[RemoteProcedure.NetworkDefineXml] = (s, net);
        m[RemoteProcedure.NetworkCreateXml] = (s, net);
        m[RemoteProcedure.NetworkDefineXmlFlags] = (typeof(StringFlagsArgs), net);
        m[RemoteProcedure.NetworkCreateXmlFlags] = (typeof(StringFlagsArgs), net);
        m[RemoteProcedure.NetworkUpdate] = (typeof(NetworkUpdateArgs), v);
        m[RemoteProcedure.NetworkCreate] = (net, v);
        m[RemoteProcedure.NetworkDestroy] = (net, v);
        m[RemoteProcedure.NetworkUndefine] = (net, v);
        m[RemoteProcedure.NetworkGetXmlDesc] = (typeof(NetFlagsArgs), s);
        m[RemoteProcedure.NetworkGetBridgeName] = (net, s);
        m[RemoteProcedure.NetworkGetAutostart] = (net, i);
        m[RemoteProcedure.NetworkSetAutostart] = (typeof(NetIntArgs), v);
        m[RemoteProcedure.NetworkIsActive] = (net, i);
        m[RemoteProcedure.NetworkIsPersistent] = (net, i);
        m[RemoteProcedure.NetworkGetDhcpLeases] = (typeof(DhcpLeasesArgs), typeof(DhcpLeasesRet));
        m[RemoteProcedure.ConnectNetworkEventRegisterAny] = (typeof(NetEventRegisterArgs), i);
        m[RemoteProcedure.ConnectNetworkEventDeregisterAny] = (i, v);
        m[RemoteProcedure.NetworkEventLifecycle] = (typeof(NetLifecycleMsg), v);
    }
}
