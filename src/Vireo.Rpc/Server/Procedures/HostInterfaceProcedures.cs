using Vireo.Core.Errors;
using Vireo.Drivers.HostInterfaces;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// libvirt's interface procedures over the server's <see cref="IHostInterfaces"/>, for every connection (qemu
/// and lxc alike: libvirtd's interface driver is shared by its hypervisor drivers), read-only connections
/// included. Like libvirtd 9.0's udev backend, vireod changes no host interface: define, undefine, start,
/// stop and the change transactions are refused on read-only connections and answered libvirtd's
/// "this function is not supported by the connection driver: virInterfaceXxx" on the others.
/// </summary>
public static class HostInterfaceProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.RegisterSync(RemoteProcedure.ConnectNumOfInterfaces, static (CallContext c, VoidRecord _) =>
            new IntValue(I(c, "virConnectNumOfInterfaces").Names(active: true).Count));
        d.RegisterSync(RemoteProcedure.ConnectListInterfaces, static (CallContext c, IntValue a) =>
            new NameListRet(I(c, "virConnectListInterfaces").Names(active: true).Take(Math.Max(0, a.Value)).ToArray()));
        d.RegisterSync(RemoteProcedure.ConnectNumOfDefinedInterfaces, static (CallContext c, VoidRecord _) =>
            new IntValue(I(c, "virConnectNumOfDefinedInterfaces").Names(active: false).Count));
        d.RegisterSync(RemoteProcedure.ConnectListDefinedInterfaces, static (CallContext c, IntValue a) =>
            new NameListRet(I(c, "virConnectListDefinedInterfaces").Names(active: false).Take(Math.Max(0, a.Value)).ToArray()));
        d.RegisterSync(RemoteProcedure.ConnectListAllInterfaces, static (CallContext c, ListAllDomainsArgs a) =>
        {
            var all = I(c, "virConnectListAllInterfaces").ListAll(a.Flags);
            return new IfaceListRet(a.NeedResults != 0 ? all : [], (uint)all.Count);
        });

        d.RegisterSync(RemoteProcedure.InterfaceLookupByName, static (CallContext c, StringValue a) =>
            new IfaceArgs(I(c, "virInterfaceLookupByName").LookupByName(a.Value)));
        d.RegisterSync(RemoteProcedure.InterfaceLookupByMacString, static (CallContext c, StringValue a) =>
            new IfaceArgs(I(c, "virInterfaceLookupByMACString").LookupByMac(a.Value)));
        d.RegisterSync(RemoteProcedure.InterfaceGetXmlDesc, static (CallContext c, IfaceFlagsArgs a) =>
            new StringValue(I(c, "virInterfaceGetXMLDesc").GetXmlDesc(a.Iface.Name, a.Flags)));
        d.RegisterSync(RemoteProcedure.InterfaceIsActive, static (CallContext c, IfaceArgs a) =>
            new IntValue(I(c, "virInterfaceIsActive").IsActive(a.Iface.Name) ? 1 : 0));

        Refuse<StringFlagsArgs, IfaceArgs>(d, RemoteProcedure.InterfaceDefineXml, "virInterfaceDefineXML");
        Refuse<IfaceArgs, VoidRecord>(d, RemoteProcedure.InterfaceUndefine, "virInterfaceUndefine");
        Refuse<IfaceFlagsArgs, VoidRecord>(d, RemoteProcedure.InterfaceCreate, "virInterfaceCreate");
        Refuse<IfaceFlagsArgs, VoidRecord>(d, RemoteProcedure.InterfaceDestroy, "virInterfaceDestroy");
        Refuse<UIntValue, VoidRecord>(d, RemoteProcedure.InterfaceChangeBegin, "virInterfaceChangeBegin");
        Refuse<UIntValue, VoidRecord>(d, RemoteProcedure.InterfaceChangeCommit, "virInterfaceChangeCommit");
        Refuse<UIntValue, VoidRecord>(d, RemoteProcedure.InterfaceChangeRollback, "virInterfaceChangeRollback");
    }

    /// <summary>A change libvirtd's udev backend does not implement: read-only connections are refused first, by the dispatcher.</summary>
    private static void Refuse<TArgs, TRet>(RpcDispatcher d, RemoteProcedure proc, string api)
        where TArgs : Xdr.IXdrRecord<TArgs> where TRet : Xdr.IXdrRecord<TRet> =>
        d.RegisterSync<TArgs, TRet>(proc, (c, _) =>
        {
            I(c, api);
            throw VirErrors.NoSupport(api, VirErrorDomain.Interface);
        }, ProcedureOptions.Write(api));

    /// <summary>The server's host interfaces; the connection must be open, as for every driver call.</summary>
    private static IHostInterfaces I(CallContext c, string api)
    {
        _ = c.Driver;
        return c.Connection.Server.HostInterfaces ?? throw VirErrors.NoSupport(api, VirErrorDomain.Interface);
    }
}
