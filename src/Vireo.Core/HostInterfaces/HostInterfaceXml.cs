using System.Globalization;
using System.Text;
using Vireo.Core.NodeDevices;

namespace Vireo.Core.HostInterfaces;

/// <summary>
/// virInterfaceDefFormat for what the udev backend fills: the XML INTERFACE_GET_XML_DESC returns (virsh
/// iface-dumpxml prints it). Only a top-level interface carries &lt;mtu/&gt;; a bridge has no &lt;link/&gt;; only an
/// ethernet interface shows its &lt;mac/&gt;. Values are written as libvirt writes them (the name escaped, the
/// rest as read).
/// </summary>
public static class HostInterfaceXml
{
    private static readonly string[] BondModes = ["balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"];
    private static readonly string[] ArpValidate = ["", "active", "backup", "all"];

    public static string Format(HostInterfaceDef def)
    {
        var x = new XmlLines();
        Device(x, def, topLevel: true);
        var b = new StringBuilder();
        foreach (var line in x.Lines) b.Append(line).Append('\n');
        return b.ToString();
    }

    private static void Device(XmlLines x, HostInterfaceDef def, bool topLevel)
    {
        x.Open("interface", $"type='{TypeName(def.Type)}' name='{XmlLines.Escape(def.Name)}'");
        // Subordinate interfaces inherit the top-level one's MTU (and start mode and addresses), so only it shows them.
        if (topLevel && def.Mtu != 0) x.Raw($"<mtu size='{unchecked((int)def.Mtu).ToString(CultureInfo.InvariantCulture)}'/>");
        if (def.Type != HostInterfaceType.Bridge && def.Link.Line() is { } link) x.Raw(link);
        switch (def.Type)
        {
            case HostInterfaceType.Ethernet:
                if (def.Mac is not null) x.Raw($"<mac address='{def.Mac}'/>");
                break;
            case HostInterfaceType.Bridge when def.Bridge is { } bridge:
                x.Open("bridge" + (bridge.Stp switch { 1 => " stp='on'", 0 => " stp='off'", _ => "" }) + $" delay='{bridge.Delay}'");
                foreach (var port in bridge.Ports) Device(x, port, topLevel: false);
                x.Close("bridge");
                break;
            case HostInterfaceType.Bond when def.Bond is { } bond:
                Bond(x, bond);
                break;
            case HostInterfaceType.Vlan when def.Vlan is { } vlan:
                x.Open($"vlan tag='{vlan.Tag}'");
                x.Raw($"<interface name='{vlan.Device}'/>");
                x.Close("vlan");
                break;
        }
        x.Close("interface");
    }

    private static void Bond(XmlLines x, HostBond bond)
    {
        x.Open("bond" + (bond.Mode is >= 0 and < 7 ? $" mode='{BondModes[bond.Mode]}'" : ""));
        if (bond.Monitor == BondMonitor.Mii)
        {
            var s = $"<miimon freq='{I(bond.Frequency)}'";
            if (bond.DownDelay > 0) s += $" downdelay='{I(bond.DownDelay)}'";
            if (bond.UpDelay > 0) s += $" updelay='{I(bond.UpDelay)}'";
            s += bond.UseCarrier switch { 0 => " carrier='ioctl'", 1 => " carrier='netif'", _ => "" };
            x.Raw(s + "/>");
        }
        else if (bond.Monitor == BondMonitor.Arp)
        {
            var s = $"<arpmon interval='{I(bond.ArpInterval)}' target='{bond.ArpTarget}'";
            if (bond.ArpValidate is >= 1 and <= 3) s += $" validate='{ArpValidate[bond.ArpValidate]}'";
            x.Raw(s + "/>");
        }
        foreach (var slave in bond.Slaves) Device(x, slave, topLevel: false);
        x.Close("bond");
    }

    public static string TypeName(HostInterfaceType t) => t switch
    {
        HostInterfaceType.Bridge => "bridge",
        HostInterfaceType.Bond => "bond",
        HostInterfaceType.Vlan => "vlan",
        _ => "ethernet",
    };

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
