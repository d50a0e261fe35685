using Vireo.Rpc.Protocol.Records;

namespace Vireo.Rpc.Protocol;

/// <summary>The records of the node device procedures (part of <see cref="ProcedureSignatures"/>).</summary>
internal static class NodeDeviceSignatures
{
    public static void Add(Dictionary<RemoteProcedure, (Type, Type)> m)
    {
        var v = typeof(VoidRecord);
        var i = typeof(IntValue);
        var s = typeof(StringValue);
        var sf = typeof(StringFlagsArgs);
        m[RemoteProcedure.NodeNumOfDevices] = (typeof(NodeNumOfDevicesArgs), i);
        m[RemoteProcedure.NodeListDevices] = (typeof(NodeListDevicesArgs), typeof(NodeDeviceNamesRet));
        m[RemoteProcedure.ConnectListAllNodeDevices] = (typeof(ListAllDomainsArgs), typeof(NodeDeviceListRet));
        m[RemoteProcedure.NodeDeviceLookupByName] = (s, s);
        m[RemoteProcedure.NodeDeviceLookupScsiHostByWwn] = (typeof(NodeDeviceWwnArgs), s);
        m[RemoteProcedure.NodeDeviceGetXmlDesc] = (sf, s);
        m[RemoteProcedure.NodeDeviceGetParent] = (s, typeof(OptionalStringValue));
        m[RemoteProcedure.NodeDeviceNumOfCaps] = (s, i);
        m[RemoteProcedure.NodeDeviceListCaps] = (typeof(NodeDeviceListCapsArgs), typeof(NodeDeviceNamesRet));
        m[RemoteProcedure.NodeDeviceIsActive] = (s, i);
        m[RemoteProcedure.NodeDeviceIsPersistent] = (s, i);
        m[RemoteProcedure.NodeDeviceGetAutostart] = (s, i);
        m[RemoteProcedure.ConnectNodeDeviceEventRegisterAny] = (typeof(NodeDeviceEventRegisterArgs), i);
        m[RemoteProcedure.ConnectNodeDeviceEventDeregisterAny] = (i, v);
        m[RemoteProcedure.NodeDeviceEventLifecycle] = (typeof(NodeDeviceLifecycleMsg), v);
        m[RemoteProcedure.NodeDeviceEventUpdate] = (typeof(NodeDeviceUpdateMsg), v);
        m[RemoteProcedure.NodeDeviceDettach] = (s, v);
        m[RemoteProcedure.NodeDeviceReAttach] = (s, v);
        m[RemoteProcedure.NodeDeviceReset] = (s, v);
        m[RemoteProcedure.NodeDeviceDetachFlags] = (typeof(NodeDeviceDetachFlagsArgs), v);
        m[RemoteProcedure.NodeDeviceCreateXml] = (sf, s);
        m[RemoteProcedure.NodeDeviceDestroy] = (s, v);
        m[RemoteProcedure.NodeDeviceDefineXml] = (sf, s);
        m[RemoteProcedure.NodeDeviceUndefine] = (sf, v);
        m[RemoteProcedure.NodeDeviceCreate] = (sf, v);
        m[RemoteProcedure.NodeDeviceSetAutostart] = (typeof(NodeDeviceIntArgs), v);
    }
}
