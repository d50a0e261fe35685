using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

// The node device procedures' records. On the wire a node device is only its name (remote_nonnull_node_device
// {name}), so lookups and {name}-only calls use StringValue, {name; flags} calls StringFlagsArgs, and
// GET_PARENT's reply OptionalStringValue. What is left is here.

/// <summary>REMOTE_NODE_DEVICE_LIST_MAX and REMOTE_NODE_DEVICE_CAPS_LIST_MAX.</summary>
public static class NodeDeviceWire
{
    public const int ListMax = 65536, CapsListMax = 65536;
}

/// <summary>remote_node_num_of_devices_args: {remote_string cap; unsigned int flags}.</summary>
public readonly record struct NodeNumOfDevicesArgs(string? Cap, uint Flags) : IXdrRecord<NodeNumOfDevicesArgs>
{
    public static NodeNumOfDevicesArgs Decode(ref XdrReader r) => new(r.ReadOptionalString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteOptionalString(Cap);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_node_list_devices_args: {remote_string cap; int maxnames; unsigned int flags}.</summary>
public readonly record struct NodeListDevicesArgs(string? Cap, int MaxNames, uint Flags) : IXdrRecord<NodeListDevicesArgs>
{
    public static NodeListDevicesArgs Decode(ref XdrReader r) => new(r.ReadOptionalString(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteOptionalString(Cap);
        w.WriteInt(MaxNames);
        w.WriteUInt(Flags);
    }
}

/// <summary>{remote_nonnull_string names&lt;REMOTE_NODE_DEVICE_LIST_MAX&gt;} (list devices, list caps).</summary>
public readonly record struct NodeDeviceNamesRet(string[] Names) : IXdrRecord<NodeDeviceNamesRet>
{
    public static NodeDeviceNamesRet Decode(ref XdrReader r) => new(r.ReadStrings(NodeDeviceWire.ListMax));
    public void Encode(ref XdrWriter w) => w.WriteStrings(Names);
}

/// <summary>remote_node_device_list_caps_args: {remote_nonnull_string name; int maxnames}.</summary>
public readonly record struct NodeDeviceListCapsArgs(string Name, int MaxNames) : IXdrRecord<NodeDeviceListCapsArgs>
{
    public static NodeDeviceListCapsArgs Decode(ref XdrReader r) => new(r.ReadString(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteString(Name);
        w.WriteInt(MaxNames);
    }
}

/// <summary>remote_connect_list_all_node_devices_ret: {remote_nonnull_node_device devices&lt;&gt;; unsigned int ret}.</summary>
public readonly record struct NodeDeviceListRet(string[] Devices, uint Count) : IXdrRecord<NodeDeviceListRet>
{
    public static NodeDeviceListRet Decode(ref XdrReader r) => new(r.ReadStrings(NodeDeviceWire.ListMax), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteStrings(Devices);
        w.WriteUInt(Count);
    }
}

/// <summary>remote_connect_node_device_event_register_any_args: {int eventID; remote_node_device dev (optional name)}.</summary>
public readonly record struct NodeDeviceEventRegisterArgs(int EventId, string? Device) : IXdrRecord<NodeDeviceEventRegisterArgs>
{
    public static NodeDeviceEventRegisterArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadOptionalString());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(EventId);
        w.WriteOptionalString(Device);
    }
}

/// <summary>remote_node_device_detach_flags_args: {remote_nonnull_string name; remote_string driverName; unsigned int flags}.</summary>
public readonly record struct NodeDeviceDetachFlagsArgs(string Name, string? DriverName, uint Flags) : IXdrRecord<NodeDeviceDetachFlagsArgs>
{
    public static NodeDeviceDetachFlagsArgs Decode(ref XdrReader r) => new(r.ReadString(), r.ReadOptionalString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteString(Name);
        w.WriteOptionalString(DriverName);
        w.WriteUInt(Flags);
    }
}

/// <summary>{remote_nonnull_string name; int value} (set autostart).</summary>
public readonly record struct NodeDeviceIntArgs(string Name, int Value) : IXdrRecord<NodeDeviceIntArgs>
{
    public static NodeDeviceIntArgs Decode(ref XdrReader r) => new(r.ReadString(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteString(Name);
        w.WriteInt(Value);
    }
}

/// <summary>remote_node_device_lookup_scsi_host_by_wwn_args: {wwnn; wwpn; unsigned int flags}.</summary>
public readonly record struct NodeDeviceWwnArgs(string Wwnn, string Wwpn, uint Flags) : IXdrRecord<NodeDeviceWwnArgs>
{
    public static NodeDeviceWwnArgs Decode(ref XdrReader r) => new(r.ReadString(), r.ReadString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteString(Wwnn);
        w.WriteString(Wwpn);
        w.WriteUInt(Flags);
    }
}

/// <summary>376 node device lifecycle event: {int callbackID; remote_nonnull_node_device dev (its name); int event; int detail}.</summary>
public readonly record struct NodeDeviceLifecycleMsg(int CallbackId, string Device, int Event, int Detail) : IXdrRecord<NodeDeviceLifecycleMsg>
{
    public static NodeDeviceLifecycleMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadString(), r.ReadInt(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteString(Device);
        w.WriteInt(Event);
        w.WriteInt(Detail);
    }
}

/// <summary>377 node device update event: {int callbackID; remote_nonnull_node_device dev}.</summary>
public readonly record struct NodeDeviceUpdateMsg(int CallbackId, string Device) : IXdrRecord<NodeDeviceUpdateMsg>
{
    public static NodeDeviceUpdateMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadString());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteString(Device);
    }
}
