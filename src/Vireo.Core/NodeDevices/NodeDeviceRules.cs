namespace Vireo.Core.NodeDevices;

/// <summary>
/// libvirt 9.0's udev node device rules, applied to sysfs snapshots: which kernel devices become node
/// devices (udevGetDeviceType), their names ("subsystem_sysname[_suffix]" with every character that is not
/// an ASCII letter or digit turned into '_'), their parents (the nearest sysfs ancestor that is itself a
/// node device, else "computer"), and the "computer" device itself.
/// </summary>
public static class NodeDeviceRules
{
    public const string ComputerName = "computer";

    /// <summary>
    /// The attribute files (relative to a device's sysfs directory) the rules read; "{sysname}" stands for
    /// the device's own name. The reader reads these and nothing else.
    /// </summary>
    public static readonly IReadOnlyList<string> WantedAttributes =
    [
        "vendor", "device", "numa_node",                                   // pci
        "address", "operstate", "speed",                                   // net
        "size", "queue/logical_block_size", "removable", "device/vendor", "device/model", // storage
        "manufacturer", "product",                                         // usb device
        "bInterfaceNumber", "bInterfaceClass", "bInterfaceSubClass", "bInterfaceProtocol", // usb interface
        "type",                                                            // scsi device
        "scsi_host/{sysname}/unique_id",                                   // scsi host
    ];

    /// <summary>Subsystems libvirt's enumeration skips (nothing in them is a node device).</summary>
    public static readonly IReadOnlyList<string> SkippedSubsystems = ["acpi", "tty", "vc", "i2c"];

    /// <summary>Every node device on the host, sorted by name, "computer" included, parents resolved.</summary>
    public static IReadOnlyList<NodeDevice> Build(IEnumerable<SysfsDevice> devices, HostDmi? dmi, PciIds ids)
    {
        // Sorted by path as udev enumerates, so a name two devices share ends as libvirt's would: the last wins.
        var byPath = new Dictionary<string, NodeDevice>(StringComparer.Ordinal);
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in devices.OrderBy(d => d.SysPath, StringComparer.Ordinal))
        {
            if (Translate(d, ids) is not { } node) continue;
            if (byName.TryGetValue(node.Name, out var oldPath)) byPath.Remove(oldPath);
            byName[node.Name] = d.SysPath;
            byPath[d.SysPath] = node;
        }
        var result = new List<NodeDevice> { Computer(dmi) };
        foreach (var (path, node) in byPath) result.Add(node with { Parent = ParentOf(path, byPath) });
        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    /// <summary>The nearest ancestor directory that is a node device, else "computer" (udevSetParent).</summary>
    private static string ParentOf(string path, Dictionary<string, NodeDevice> byPath)
    {
        for (var p = Up(path); p is not null; p = Up(p))
            if (byPath.TryGetValue(p, out var parent)) return parent.Name;
        return ComputerName;
    }

    private static string? Up(string path)
    {
        var i = path.LastIndexOf('/');
        return i <= 0 ? null : path[..i];
    }

    /// <summary>The node device one kernel device becomes, or null when libvirt would not list it.</summary>
    public static NodeDevice? Translate(SysfsDevice d, PciIds ids)
    {
        if (Classify(d) is not { } cap) return null;
        var body = NodeDeviceCapabilities.Lines(cap, d, ids, out var suffix);
        if (body is null) return null;
        var devName = d.Property("DEVNAME");
        var devNode = devName is null ? null : devName.StartsWith('/') ? devName : "/dev/" + devName;
        return new NodeDevice(Name(d.Subsystem, d.SysName, suffix), cap, d.SysPath, d.Property("DRIVER"), devNode, d.DevLinks, body);
    }

    /// <summary>udevGetDeviceType: DEVTYPE first; PCI_CLASS, INTERFACE and SUBSYSTEM for devices without one.</summary>
    public static NodeDeviceCap? Classify(SysfsDevice d)
    {
        if (d.Property("DEVTYPE") is { } devType)
            return devType switch
            {
                "usb_device" => NodeDeviceCap.UsbDevice,
                "usb_interface" => NodeDeviceCap.UsbInterface,
                "scsi_host" => NodeDeviceCap.ScsiHost,
                "scsi_target" => NodeDeviceCap.ScsiTarget,
                "scsi_device" => NodeDeviceCap.Scsi,
                "disk" => NodeDeviceCap.Storage,
                "wlan" => NodeDeviceCap.Net,
                "drm_minor" => NodeDeviceCap.Drm,
                _ => null,
            };
        NodeDeviceCap? cap = null;
        if (d.Property("PCI_CLASS") is not null) cap = NodeDeviceCap.Pci;
        if (d.Property("INTERFACE") is not null) cap = NodeDeviceCap.Net;
        if ((d.Property("SUBSYSTEM") ?? d.Subsystem) == "scsi_generic") cap = NodeDeviceCap.ScsiGeneric;
        return cap;
    }

    /// <summary>udevGenerateDeviceName.</summary>
    public static string Name(string? subsystem, string sysName, string? suffix)
    {
        var raw = $"{subsystem}_{sysName}" + (suffix is null ? "" : "_" + suffix);
        return string.Create(raw.Length, raw, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++) span[i] = char.IsAsciiLetterOrDigit(s[i]) ? s[i] : '_';
        });
    }

    /// <summary>
    /// The "computer" device (system capability). With no DMI on the host libvirt stops before reading the
    /// host UUID, so it shows the all-zero UUID and an empty firmware element; vireod does the same.
    /// </summary>
    public static NodeDevice Computer(HostDmi? dmi)
    {
        var x = new XmlLines();
        if (dmi?.ProductName is { } product) x.Text("product", product);
        x.Open("hardware");
        if (dmi is not null)
        {
            x.OptText("vendor", dmi.SysVendor);
            x.OptText("version", dmi.ProductVersion);
            x.OptText("serial", dmi.ProductSerial);
        }
        x.Text("uuid", HostUuid(dmi));
        x.Close("hardware");
        x.Open("firmware");
        if (dmi is not null)
        {
            x.OptText("vendor", dmi.BiosVendor);
            x.OptText("version", dmi.BiosVersion);
            x.OptText("release_date", dmi.BiosDate);
        }
        x.Close("firmware");
        return new NodeDevice(ComputerName, NodeDeviceCap.System, null, null, null, [], x.Lines);
    }

    /// <summary>The SMBIOS product UUID when it is a valid one (libvirt rejects one made of a single repeated digit).</summary>
    private static string HostUuid(HostDmi? dmi)
    {
        if (dmi?.ProductUuid is { } s && Guid.TryParse(s, out var g))
        {
            var hex = g.ToString("N");
            if (hex.Any(c => c != hex[0])) return g.ToString("D");
        }
        return Guid.Empty.ToString("D");
    }
}
