using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>&lt;interface&gt; both ways. Which &lt;source&gt; attributes are read depends on the type.</summary>
internal static class InterfaceXml
{
    public static InterfaceDef Parse(XmlNode n, string owner)
    {
        var type = n.RequiredEnum<InterfaceType>("type");
        var mtu = n.Child("mtu");
        return new InterfaceDef
        {
            Type = type,
            Mac = ParseMac(n.Child("mac"), owner),
            Source = ParseSource(n.Child("source"), type),
            TargetDev = n.Child("target")?.RequiredAttr("dev"),
            Model = n.Child("model")?.RequiredAttr("type"),
            Driver = ParseDriver(n.Child("driver")),
            Link = n.Child("link")?.RequiredEnum<LinkState>("state"),
            Mtu = mtu?.RequiredUInt("size"),
            Bandwidth = BandwidthXml.Parse(n.Child("bandwidth"), allowFloor: type == InterfaceType.Network),
            BootOrder = DeviceInfoXml.ParseBoot(n),
            Alias = DeviceInfoXml.ParseAlias(n),
            Address = DeviceInfoXml.ParseAddress(n),
        };
    }

    private static MacAddress? ParseMac(XmlNode? mac, string owner)
    {
        if (mac is null) return null;
        var text = mac.RequiredAttr("address");
        if (!MacAddress.TryParse(text, out var address))
            throw XmlErrors.BadValue($"invalid MAC address '{text}' in <mac> of an interface in {owner}");
        if (address.IsMulticast)
            throw XmlErrors.BadValue($"MAC address '{text}' of an interface in {owner} is a multicast address; a unicast address is required");
        return address;
    }

    private static InterfaceSourceDef? ParseSource(XmlNode? s, InterfaceType type) => s is null ? null : type switch
    {
        InterfaceType.Network => new InterfaceSourceDef { Network = s.RequiredAttr("network"), Bridge = s.Attr("bridge") },
        InterfaceType.Bridge => new InterfaceSourceDef { Bridge = s.RequiredAttr("bridge") },
        InterfaceType.Direct => new InterfaceSourceDef { Dev = s.RequiredAttr("dev"), Mode = s.Enum<DirectMode>("mode") },
        // user and ethernet take no source attributes: anything there is left unread and refused.
        _ => new InterfaceSourceDef(),
    };

    private static InterfaceDriverDef? ParseDriver(XmlNode? d)
    {
        if (d is null) return null;
        var host = d.Child("host");
        var guest = d.Child("guest");
        return new InterfaceDriverDef
        {
            Name = d.Enum<InterfaceDriverName>("name"),
            TxMode = d.Enum<TxMode>("txmode"),
            Queues = d.UInt("queues"),
            RxQueueSize = d.UInt("rx_queue_size"),
            TxQueueSize = d.UInt("tx_queue_size"),
            Host = host is null ? null : new NetHostOffloadsDef
            {
                Csum = host.Enum<OnOff>("csum"), Gso = host.Enum<OnOff>("gso"), Tso4 = host.Enum<OnOff>("tso4"),
                Tso6 = host.Enum<OnOff>("tso6"), Ecn = host.Enum<OnOff>("ecn"), Ufo = host.Enum<OnOff>("ufo"),
                MrgRxbuf = host.Enum<OnOff>("mrg_rxbuf"),
            },
            Guest = guest is null ? null : new NetGuestOffloadsDef
            {
                Csum = guest.Enum<OnOff>("csum"), Tso4 = guest.Enum<OnOff>("tso4"), Tso6 = guest.Enum<OnOff>("tso6"),
                Ecn = guest.Enum<OnOff>("ecn"), Ufo = guest.Enum<OnOff>("ufo"),
            },
        };
    }

    public static XElement Format(InterfaceDef i) => E("interface",
        A("type", i.Type),
        i.Mac is { } mac ? E("mac", A("address", mac.ToString())) : null,
        i.Source is { } s ? E("source", A("network", s.Network), A("bridge", s.Bridge), A("dev", s.Dev), A("mode", s.Mode)) : null,
        BandwidthXml.Format(i.Bandwidth),
        i.TargetDev is null ? null : E("target", A("dev", i.TargetDev)),
        i.Model is null ? null : E("model", A("type", i.Model)),
        i.Driver is { } d ? E("driver", A("name", d.Name), A("txmode", d.TxMode), A("queues", d.Queues),
            A("rx_queue_size", d.RxQueueSize), A("tx_queue_size", d.TxQueueSize),
            d.Host is { } h ? E("host", A("csum", h.Csum), A("gso", h.Gso), A("tso4", h.Tso4), A("tso6", h.Tso6),
                A("ecn", h.Ecn), A("ufo", h.Ufo), A("mrg_rxbuf", h.MrgRxbuf)) : null,
            d.Guest is { } g ? E("guest", A("csum", g.Csum), A("tso4", g.Tso4), A("tso6", g.Tso6), A("ecn", g.Ecn), A("ufo", g.Ufo)) : null) : null,
        i.Link is null ? null : E("link", A("state", i.Link)),
        i.Mtu is null ? null : E("mtu", A("size", i.Mtu)),
        DeviceInfoXml.Format(i.BootOrder, i.Alias, i.Address));

}
