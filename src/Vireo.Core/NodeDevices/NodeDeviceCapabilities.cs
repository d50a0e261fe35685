using System.Globalization;
using Vireo.Core.HostInterfaces;

namespace Vireo.Core.NodeDevices;

/// <summary>
/// The lines inside &lt;capability type='...'&gt; for each kind of device, from the same properties and
/// attributes libvirt 9.0's udevProcess* functions read, in the order its virNodeDeviceCap*DefFormat
/// writes them. A null result means libvirt would discard the device.
/// </summary>
internal static class NodeDeviceCapabilities
{
    public static IReadOnlyList<string>? Lines(NodeDeviceCap cap, SysfsDevice d, PciIds ids, out string? nameSuffix)
    {
        nameSuffix = null;
        var x = new XmlLines();
        var ok = cap switch
        {
            NodeDeviceCap.Pci => Pci(d, ids, x),
            NodeDeviceCap.UsbDevice => UsbDevice(d, x),
            NodeDeviceCap.UsbInterface => UsbInterface(d, x),
            NodeDeviceCap.Net => Net(d, x, out nameSuffix),
            NodeDeviceCap.ScsiHost => ScsiHost(d, x),
            NodeDeviceCap.ScsiTarget => Add(x, "target", d.SysName),
            NodeDeviceCap.Scsi => Scsi(d, x),
            NodeDeviceCap.Storage => NodeDeviceStorage.Lines(d, x, out nameSuffix),
            NodeDeviceCap.ScsiGeneric => d.Property("DEVNAME") is { } sg && Add(x, "char", sg.StartsWith('/') ? sg : "/dev/" + sg),
            NodeDeviceCap.Drm => Drm(d, x),
            _ => false,
        };
        return ok ? x.Lines : null;
    }

    private static bool Add(XmlLines x, string element, string value)
    {
        x.Text(element, value);
        return true;
    }

    private static bool Pci(SysfsDevice d, PciIds ids, XmlLines x)
    {
        var address = d.SysName; // dddd:bb:ss.f
        var parts = address.Split(':', '.');
        if (parts.Length != 4 || !parts.All(p => uint.TryParse(p, NumberStyles.HexNumber, null, out _))) return false;
        var klass = Hex(d.Property("PCI_CLASS"));
        var vendor = Hex(d.Attribute("vendor")) ?? 0;
        var product = Hex(d.Attribute("device")) ?? 0;
        if (klass is { } k) x.Raw($"<class>0x{k:x6}</class>");
        x.Raw($"<domain>{Convert.ToUInt32(parts[0], 16)}</domain>");
        x.Raw($"<bus>{Convert.ToUInt32(parts[1], 16)}</bus>");
        x.Raw($"<slot>{Convert.ToUInt32(parts[2], 16)}</slot>");
        x.Raw($"<function>{Convert.ToUInt32(parts[3], 16)}</function>");
        IdLine(x, "product", product, ids.Device(vendor, product));
        IdLine(x, "vendor", vendor, ids.Vendor(vendor));
        if (d.Iommu is { } group)
        {
            x.Open("iommuGroup", $"number='{group.Number}'");
            foreach (var member in group.Members) x.Raw(PciAddressElement(member));
            x.Close("iommuGroup");
        }
        if (int.TryParse(d.Attribute("numa_node"), out var numa) && numa >= 0) x.Raw($"<numa node='{numa}'/>");
        PciExpress.FromConfig(d.PciConfig)?.Format(x);
        return true;
    }

    /// <summary>&lt;address domain='0x0000' bus='0x00' slot='0x1f' function='0x0'/&gt; for a sysfs PCI name.</summary>
    private static string PciAddressElement(string sysName)
    {
        var p = sysName.Split(':', '.');
        return $"<address domain='0x{p[0]}' bus='0x{p[1]}' slot='0x{p[2]}' function='0x{Convert.ToUInt32(p[3], 16):x}'/>";
    }

    private static void IdLine(XmlLines x, string element, uint id, string? name) =>
        x.Raw(name is null ? $"<{element} id='0x{id:x4}'/>" : $"<{element} id='0x{id:x4}'>{XmlLines.Escape(name)}</{element}>");

    private static bool UsbDevice(SysfsDevice d, XmlLines x)
    {
        x.Raw($"<bus>{Dec(d.Property("BUSNUM"))}</bus>");
        x.Raw($"<device>{Dec(d.Property("DEVNUM"))}</device>");
        var vendorName = d.Property("ID_VENDOR_FROM_DATABASE") ?? d.Attribute("manufacturer");
        var productName = d.Property("ID_MODEL_FROM_DATABASE") ?? d.Attribute("product");
        IdLine(x, "product", Hex(d.Property("ID_MODEL_ID")) ?? 0, productName);
        IdLine(x, "vendor", Hex(d.Property("ID_VENDOR_ID")) ?? 0, vendorName);
        return true;
    }

    private static bool UsbInterface(SysfsDevice d, XmlLines x)
    {
        x.Raw($"<number>{Hex(d.Attribute("bInterfaceNumber")) ?? 0}</number>");
        x.Raw($"<class>{Hex(d.Attribute("bInterfaceClass")) ?? 0}</class>");
        x.Raw($"<subclass>{Hex(d.Attribute("bInterfaceSubClass")) ?? 0}</subclass>");
        x.Raw($"<protocol>{Hex(d.Attribute("bInterfaceProtocol")) ?? 0}</protocol>");
        return true;
    }

    private static bool Net(SysfsDevice d, XmlLines x, out string? nameSuffix)
    {
        var ifname = d.Property("INTERFACE") ?? d.SysName;
        var address = d.Attribute("address");
        nameSuffix = address;
        x.Text("interface", ifname);
        x.OptText("address", address);
        if (NetLink.FromSysfs(d.Attribute("operstate"), d.Attribute("speed")).Line() is { } link) x.Raw(link);
        foreach (var f in d.NetFeatures) x.Raw($"<feature name='{f}'/>");
        x.Raw(d.Property("DEVTYPE") == "wlan" ? "<capability type='80211'/>" : "<capability type='80203'/>");
        return true;
    }

    private static bool ScsiHost(SysfsDevice d, XmlLines x)
    {
        if (!d.SysName.StartsWith("host", StringComparison.Ordinal) || !uint.TryParse(d.SysName.AsSpan(4), out var host)) return false;
        x.Raw($"<host>{host}</host>");
        if (int.TryParse(d.Attribute($"scsi_host/{d.SysName}/unique_id"), out var unique)) x.Raw($"<unique_id>{unique}</unique_id>");
        return true;
    }

    private static readonly Dictionary<int, string> ScsiTypes = new()
    {
        [0] = "disk", [1] = "tape", [3] = "processor", [4] = "worm", [5] = "cdrom", [6] = "scanner",
        [7] = "mod", [8] = "changer", [12] = "raid", [13] = "enclosure",
    };

    private static bool Scsi(SysfsDevice d, XmlLines x)
    {
        var p = d.SysName.Split(':');
        if (p.Length != 4 || !p.All(s => uint.TryParse(s, out _))) return false;
        x.Raw($"<host>{p[0]}</host>");
        x.Raw($"<bus>{p[1]}</bus>");
        x.Raw($"<target>{p[2]}</target>");
        x.Raw($"<lun>{p[3]}</lun>");
        if (int.TryParse(d.Attribute("type"), out var type) && ScsiTypes.TryGetValue(type, out var name)) x.Text("type", name);
        return true;
    }

    private static bool Drm(SysfsDevice d, XmlLines x)
    {
        if (!int.TryParse(d.Property("MINOR"), out var minor) || minor < 0) return false;
        var type = (minor >> 6) switch { 0 => "primary", 1 => "control", 2 => "render", _ => null };
        if (type is null) return false;
        x.Text("type", type);
        return true;
    }

    internal static uint? Hex(string? s)
    {
        if (s is null) return null;
        var t = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s[2..] : s;
        return uint.TryParse(t, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private static uint Dec(string? s) => uint.TryParse(s, out var v) ? v : 0;
}
