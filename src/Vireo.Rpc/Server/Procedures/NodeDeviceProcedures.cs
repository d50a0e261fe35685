using Vireo.Core.Errors;
using Vireo.Core.NodeDevices;
using Vireo.Drivers.NodeDevices;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// libvirt's node device procedures over the server's <see cref="INodeDevices"/>, read-only: lists, lookups,
/// XML, parents and capabilities for every connection (read-only ones included); lifecycle and update events
/// from the kernel's uevents while a client is registered (virsh nodedev-event, virt-manager); and every
/// call that would change a device is refused on read-only connections like libvirtd does, and answered
/// "not supported" on the others.
/// </summary>
public static class NodeDeviceProcedures
{
    public static void Register(RpcDispatcher d)
    {
        d.RegisterSync(RemoteProcedure.NodeNumOfDevices, static (CallContext c, NodeNumOfDevicesArgs a) =>
            new IntValue(ByCap(N(c, "virNodeNumOfDevices"), a.Cap, a.Flags, "virNodeNumOfDevices").Count()));
        d.RegisterSync(RemoteProcedure.NodeListDevices, static (CallContext c, NodeListDevicesArgs a) =>
            new NodeDeviceNamesRet(ByCap(N(c, "virNodeListDevices"), a.Cap, a.Flags, "virNodeListDevices")
                .Take(Math.Max(0, a.MaxNames)).Select(x => x.Name).ToArray()));
        d.RegisterSync(RemoteProcedure.ConnectListAllNodeDevices, static (CallContext c, ListAllDomainsArgs a) =>
        {
            var all = NodeDeviceFilter.Apply(N(c, "virConnectListAllNodeDevices").List(), a.Flags);
            return new NodeDeviceListRet(a.NeedResults != 0 ? all.Select(x => x.Name).ToArray() : [], (uint)all.Count);
        });

        d.RegisterSync(RemoteProcedure.NodeDeviceLookupByName, static (CallContext c, StringValue a) =>
            new StringValue(N(c, "virNodeDeviceLookupByName").Lookup(a.Value).Name));
        // vireod models no Fibre Channel host, so no WWN pair names a device.
        d.RegisterSync<NodeDeviceWwnArgs, StringValue>(RemoteProcedure.NodeDeviceLookupScsiHostByWwn, static (c, a) =>
        {
            N(c, "virNodeDeviceLookupSCSIHostByWWN");
            throw new VirException(VirErrorCode.NoNodeDevice, VirErrorDomain.NodeDev,
                $"no node device for SCSI host with matching wwnn '{a.Wwnn}' and wwpn '{a.Wwpn}'");
        });
        d.RegisterSync(RemoteProcedure.NodeDeviceGetXmlDesc, static (CallContext c, StringFlagsArgs a) =>
            new StringValue(NodeDeviceXml.Format(N(c, "virNodeDeviceGetXMLDesc").Lookup(a.Text))));
        d.RegisterSync(RemoteProcedure.NodeDeviceGetParent, static (CallContext c, StringValue a) =>
            new OptionalStringValue(N(c, "virNodeDeviceGetParent").Lookup(a.Value).Parent));
        d.RegisterSync(RemoteProcedure.NodeDeviceNumOfCaps, static (CallContext c, StringValue a) =>
            new IntValue(N(c, "virNodeDeviceNumOfCaps").Lookup(a.Value).CapNames.Count));
        d.RegisterSync(RemoteProcedure.NodeDeviceListCaps, static (CallContext c, NodeDeviceListCapsArgs a) =>
            new NodeDeviceNamesRet(N(c, "virNodeDeviceListCaps").Lookup(a.Name).CapNames.Take(Math.Max(0, a.MaxNames)).ToArray()));
        // Every device vireod lists is a live host device: active; only "computer" is persistent and
        // autostarted, as libvirtd 9.0 answers (virsh nodedev-info).
        d.RegisterSync(RemoteProcedure.NodeDeviceIsActive, static (CallContext c, StringValue a) =>
        {
            N(c, "virNodeDeviceIsActive").Lookup(a.Value);
            return new IntValue(1);
        });
        d.RegisterSync(RemoteProcedure.NodeDeviceIsPersistent, static (CallContext c, StringValue a) =>
            new IntValue(N(c, "virNodeDeviceIsPersistent").Lookup(a.Value).Cap == NodeDeviceCap.System ? 1 : 0));
        d.RegisterSync(RemoteProcedure.NodeDeviceGetAutostart, static (CallContext c, StringValue a) =>
            new IntValue(N(c, "virNodeDeviceGetAutostart").Lookup(a.Value).Cap == NodeDeviceCap.System ? 1 : 0));

        d.RegisterSync(RemoteProcedure.ConnectNodeDeviceEventRegisterAny, static (CallContext c, NodeDeviceEventRegisterArgs a) =>
        {
            var devices = N(c, "virConnectNodeDeviceEventRegisterAny");
            var device = a.Device;
            return new IntValue(c.Connection.NodeDeviceEvents.Register(a.EventId, device is null ? null : e => e.Device == device, devices.Watch));
        });
        d.RegisterSync(RemoteProcedure.ConnectNodeDeviceEventDeregisterAny, static (CallContext c, IntValue a) =>
        {
            c.Connection.NodeDeviceEvents.Deregister(a.Value);
            return default(VoidRecord);
        });

        Refuse<StringValue, VoidRecord>(d, RemoteProcedure.NodeDeviceDettach, "virNodeDeviceDettach", "detach host devices from their drivers");
        Refuse<NodeDeviceDetachFlagsArgs, VoidRecord>(d, RemoteProcedure.NodeDeviceDetachFlags, "virNodeDeviceDetachFlags", "detach host devices from their drivers");
        Refuse<StringValue, VoidRecord>(d, RemoteProcedure.NodeDeviceReAttach, "virNodeDeviceReAttach", "reattach host devices to their drivers");
        Refuse<StringValue, VoidRecord>(d, RemoteProcedure.NodeDeviceReset, "virNodeDeviceReset", "reset host devices");
        Refuse<StringFlagsArgs, StringValue>(d, RemoteProcedure.NodeDeviceCreateXml, "virNodeDeviceCreateXML", "create node devices");
        Refuse<StringValue, VoidRecord>(d, RemoteProcedure.NodeDeviceDestroy, "virNodeDeviceDestroy", "destroy node devices");
        Refuse<StringFlagsArgs, StringValue>(d, RemoteProcedure.NodeDeviceDefineXml, "virNodeDeviceDefineXML", "define node devices");
        Refuse<StringFlagsArgs, VoidRecord>(d, RemoteProcedure.NodeDeviceUndefine, "virNodeDeviceUndefine", "undefine node devices");
        Refuse<StringFlagsArgs, VoidRecord>(d, RemoteProcedure.NodeDeviceCreate, "virNodeDeviceCreate", "start node devices");
        Refuse<NodeDeviceIntArgs, VoidRecord>(d, RemoteProcedure.NodeDeviceSetAutostart, "virNodeDeviceSetAutostart", "change a node device's autostart");
    }

    /// <summary>The sentence every change gets on a read-write connection (read-only ones are refused first, by the dispatcher).</summary>
    public static VirException ReadOnlyService(string api, string what) =>
        VirErrors.NoSupport($"{api}: vireod serves host devices read-only and does not {what}", VirErrorDomain.NodeDev);

    private static void Refuse<TArgs, TRet>(RpcDispatcher d, RemoteProcedure proc, string api, string what)
        where TArgs : Xdr.IXdrRecord<TArgs> where TRet : Xdr.IXdrRecord<TRet> =>
        d.RegisterSync<TArgs, TRet>(proc, (c, _) =>
        {
            N(c, api);
            throw ReadOnlyService(api, what);
        }, ProcedureOptions.Write(api));

    /// <summary>NODE_NUM_OF_DEVICES / NODE_LIST_DEVICES: all devices, or those with the named capability.</summary>
    private static IEnumerable<NodeDevice> ByCap(INodeDevices devices, string? cap, uint flags, string api)
    {
        if (flags != 0) throw VirErrors.InvalidArg($"unsupported flags (0x{flags:x}) in function {api}", VirErrorDomain.NodeDev);
        var all = devices.List();
        return cap is null ? all : all.Where(x => x.CapNames.Contains(cap, StringComparer.Ordinal));
    }

    /// <summary>The server's node devices; the connection must be open, as for every driver call.</summary>
    private static INodeDevices N(CallContext c, string api)
    {
        _ = c.Driver;
        return c.Connection.Server.NodeDevices ?? throw VirErrors.NoSupport(api, VirErrorDomain.NodeDev);
    }
}
