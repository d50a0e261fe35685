using Vireo.Core.HostInterfaces;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

// The host interface procedures' records. On the wire an interface is {name; mac} (remote_nonnull_interface).
// Name lists are NameListRet, lookups' arguments StringValue, define's {xml; flags} StringFlagsArgs, and the
// change-transaction calls' {flags} UIntValue.

/// <summary>remote_nonnull_interface as reader/writer extensions, and REMOTE_INTERFACE_LIST_MAX.</summary>
public static class HostInterfaceWire
{
    public const int InterfaceListMax = 16384;

    public static HostInterfaceRef ReadInterface(this ref XdrReader r)
    {
        var name = r.ReadString();
        return new HostInterfaceRef(name, r.ReadString());
    }

    public static void WriteInterface(this ref XdrWriter w, in HostInterfaceRef i)
    {
        w.WriteString(i.Name);
        w.WriteString(i.Mac);
    }
}

/// <summary>{iface} (undefine, is_active), also the reply of the lookups and define.</summary>
public readonly record struct IfaceArgs(HostInterfaceRef Iface) : IXdrRecord<IfaceArgs>
{
    public static IfaceArgs Decode(ref XdrReader r) => new(r.ReadInterface());
    public void Encode(ref XdrWriter w) => w.WriteInterface(Iface);
}

/// <summary>{iface; unsigned int flags} (get_xml_desc, create, destroy).</summary>
public readonly record struct IfaceFlagsArgs(HostInterfaceRef Iface, uint Flags) : IXdrRecord<IfaceFlagsArgs>
{
    public static IfaceFlagsArgs Decode(ref XdrReader r) => new(r.ReadInterface(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInterface(Iface);
        w.WriteUInt(Flags);
    }
}

/// <summary>remote_connect_list_all_interfaces_ret: {ifaces&lt;REMOTE_INTERFACE_LIST_MAX&gt;; unsigned int ret}.</summary>
public readonly record struct IfaceListRet(IReadOnlyList<HostInterfaceRef> Ifaces, uint Count) : IXdrRecord<IfaceListRet>
{
    public static IfaceListRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(HostInterfaceWire.InterfaceListMax, 8);
        var list = new HostInterfaceRef[n];
        for (var i = 0; i < n; i++) list[i] = r.ReadInterface();
        return new IfaceListRet(list, r.ReadUInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Ifaces.Count);
        foreach (var i in Ifaces) w.WriteInterface(i);
        w.WriteUInt(Count);
    }
}
