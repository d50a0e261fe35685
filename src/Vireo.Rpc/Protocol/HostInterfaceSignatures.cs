using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Protocol;

/// <summary>The records of the host interface procedures (part of <see cref="ProcedureSignatures"/>).</summary>
internal static class HostInterfaceSignatures
{
    public static void Add(Dictionary<RemoteProcedure, (Type, Type)> m)
    {
        var v = typeof(VoidRecord);
        var i = typeof(IntValue);
        var s = typeof(StringValue);
        var iface = typeof(IfaceArgs);
        var ifaceFlags = typeof(IfaceFlagsArgs);
        var flags = typeof(UIntValue);
        m[RemoteProcedure.ConnectNumOfInterfaces] = (v, i);
        m[RemoteProcedure.ConnectListInterfaces] = (i, typeof(NameListRet));
        m[RemoteProcedure.ConnectNumOfDefinedInterfaces] = (v, i);
        m[RemoteProcedure.ConnectListDefinedInterfaces] = (i, typeof(NameListRet));
        m[RemoteProcedure.ConnectListAllInterfaces] = (typeof(ListAllDomainsArgs), typeof(IfaceListRet));
        m[RemoteProcedure.InterfaceLookupByName] = (s, iface);
        m[RemoteProcedure.InterfaceLookupByMacString] = (s, iface);
        m[RemoteProcedure.InterfaceGetXmlDesc] = (ifaceFlags, s);
        m[RemoteProcedure.InterfaceIsActive] = (iface, i);
        m[RemoteProcedure.InterfaceDefineXml] = (typeof(StringFlagsArgs), iface);
        m[RemoteProcedure.InterfaceUndefine] = (iface, v);
        m[RemoteProcedure.InterfaceCreate] = (ifaceFlags, v);
        m[RemoteProcedure.InterfaceDestroy] = (ifaceFlags, v);
        m[RemoteProcedure.InterfaceChangeBegin] = (flags, v);
        m[RemoteProcedure.InterfaceChangeCommit] = (flags, v);
        m[RemoteProcedure.InterfaceChangeRollback] = (flags, v);
    }
}
