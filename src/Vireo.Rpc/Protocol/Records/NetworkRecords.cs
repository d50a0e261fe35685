using Vireo.Core.Networks;
using Vireo.Drivers.Networks;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Protocol.Records;

// The network procedures' records. On the wire a network is {name; uuid} (remote_nonnull_network). As
// elsewhere, one record stands for every libvirt struct of the same layout.

/// <summary>remote_nonnull_network as reader/writer extensions.</summary>
public static class NetworkWire
{
    public const int NetworkListMax = 16384;

    public static NetworkRef ReadNetwork(this ref XdrReader r)
    {
        var name = r.ReadString();
        return new NetworkRef(name, r.ReadUuid());
    }

    public static void WriteNetwork(this ref XdrWriter w, in NetworkRef n)
    {
        w.WriteString(n.Name);
        w.WriteUuid(n.Uuid);
    }
}

/// <summary>{net} (create, destroy, undefine, get_autostart, get_bridge_name, is_active, ...), also as a reply (lookups, define).</summary>
public readonly record struct NetArgs(NetworkRef Network) : IXdrRecord<NetArgs>
{
    public static NetArgs Decode(ref XdrReader r) => new(r.ReadNetwork());
    public void Encode(ref XdrWriter w) => w.WriteNetwork(Network);
}

/// <summary>{net; unsigned int flags} (get_xml_desc).</summary>
public readonly record struct NetFlagsArgs(NetworkRef Network, uint Flags) : IXdrRecord<NetFlagsArgs>
{
    public static NetFlagsArgs Decode(ref XdrReader r) => new(r.ReadNetwork(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteNetwork(Network);
        w.WriteUInt(Flags);
    }
}

/// <summary>{net; int} (set_autostart).</summary>
public readonly record struct NetIntArgs(NetworkRef Network, int Value) : IXdrRecord<NetIntArgs>
{
    public static NetIntArgs Decode(ref XdrReader r) => new(r.ReadNetwork(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteNetwork(Network);
        w.WriteInt(Value);
    }
}

/// <summary>remote_connect_list_all_networks_ret: {networks&lt;&gt;; unsigned int ret}.</summary>
public readonly record struct NetListRet(IReadOnlyList<NetworkRef> Networks, uint Count) : IXdrRecord<NetListRet>
{
    public static NetListRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(NetworkWire.NetworkListMax, 20);
        var nets = new NetworkRef[n];
        for (var i = 0; i < n; i++) nets[i] = r.ReadNetwork();
        return new NetListRet(nets, r.ReadUInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Networks.Count);
        foreach (var n in Networks) w.WriteNetwork(n);
        w.WriteUInt(Count);
    }
}

/// <summary>remote_connect_network_event_register_any_args: {int eventID; optional net}.</summary>
public readonly record struct NetEventRegisterArgs(int EventId, NetworkRef? Network) : IXdrRecord<NetEventRegisterArgs>
{
    public static NetEventRegisterArgs Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadOptionalFlag() ? r.ReadNetwork() : null);

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(EventId);
        if (Network is not { } n) { w.WriteInt(0); return; }
        w.WriteInt(1);
        w.WriteNetwork(n);
    }
}

/// <summary>315 network lifecycle event: {int callbackID; net; int event; int detail}.</summary>
public readonly record struct NetLifecycleMsg(int CallbackId, NetworkRef Network, int Event, int Detail) : IXdrRecord<NetLifecycleMsg>
{
    public static NetLifecycleMsg Decode(ref XdrReader r) => new(r.ReadInt(), r.ReadNetwork(), r.ReadInt(), r.ReadInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(CallbackId);
        w.WriteNetwork(Network);
        w.WriteInt(Event);
        w.WriteInt(Detail);
    }
}

/// <summary>remote_network_get_dhcp_leases_args: {net; optional string mac; int need_results; unsigned int flags}.</summary>
public readonly record struct DhcpLeasesArgs(NetworkRef Network, string? Mac, int NeedResults, uint Flags) : IXdrRecord<DhcpLeasesArgs>
{
    public static DhcpLeasesArgs Decode(ref XdrReader r) => new(r.ReadNetwork(), r.ReadOptionalString(), r.ReadInt(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteNetwork(Network);
        w.WriteOptionalString(Mac);
        w.WriteInt(NeedResults);
        w.WriteUInt(Flags);
    }
}

/// <summary>
/// remote_network_get_dhcp_leases_ret: {remote_network_dhcp_lease leases&lt;&gt;; unsigned int ret}, a lease being
/// {iface; hyper expirytime; int type (0 IPv4); optional mac; optional iaid; ipaddr; unsigned prefix; optional
/// hostname; optional clientid}. ret is the number of leases, also when the caller asked for the count only.
/// </summary>
public readonly record struct DhcpLeasesRet(IReadOnlyList<DhcpLease> Leases, uint Count) : IXdrRecord<DhcpLeasesRet>
{
    private const int MaxLeases = 65536;

    public static DhcpLeasesRet Decode(ref XdrReader r)
    {
        var n = r.ReadCount(MaxLeases, 36);
        var leases = new List<DhcpLease>(n);
        for (var i = 0; i < n; i++)
        {
            var iface = r.ReadString();
            var expiry = r.ReadHyper();
            r.ReadInt(); // type: Vireo's leases are IPv4
            var mac = r.ReadOptionalString();
            r.ReadOptionalString(); // iaid, IPv6 only
            var ip = r.ReadString();
            var prefix = (int)r.ReadUInt();
            leases.Add(new DhcpLease(iface, expiry, mac ?? "", ip, prefix, r.ReadOptionalString(), r.ReadOptionalString()));
        }
        return new DhcpLeasesRet(leases, r.ReadUInt());
    }

    public void Encode(ref XdrWriter w)
    {
        w.WriteInt(Leases.Count);
        foreach (var l in Leases)
        {
            w.WriteString(l.Interface);
            w.WriteHyper(l.ExpiryTime);
            w.WriteInt(0);
            w.WriteOptionalString(l.Mac);
            w.WriteOptionalString(null);
            w.WriteString(l.IpAddress);
            w.WriteUInt((uint)l.Prefix);
            w.WriteOptionalString(l.Hostname);
            w.WriteOptionalString(l.ClientId);
        }
        w.WriteUInt(Count);
    }
}

/// <summary>
/// remote_network_update_args: {net; unsigned int command; unsigned int section; int parentIndex; string xml; unsigned int flags}.
/// vireod announces NETWORK_UPDATE_HAS_CORRECT_ORDER, so clients send command before section, as named.
/// </summary>
public readonly record struct NetworkUpdateArgs(NetworkRef Network, uint Command, uint Section, int ParentIndex, string Xml, uint Flags) : IXdrRecord<NetworkUpdateArgs>
{
    public static NetworkUpdateArgs Decode(ref XdrReader r) => new(r.ReadNetwork(), r.ReadUInt(), r.ReadUInt(), r.ReadInt(), r.ReadString(), r.ReadUInt());

    public void Encode(ref XdrWriter w)
    {
        w.WriteNetwork(Network);
        w.WriteUInt(Command);
        w.WriteUInt(Section);
        w.WriteInt(ParentIndex);
        w.WriteString(Xml);
        w.WriteUInt(Flags);
    }
}
