namespace Vireo.Core.NodeDevices;

/// <summary>
/// libvirt's node device capability types (virNodeDevCapType), in libvirt's order: a type's list filter flag
/// (VIR_CONNECT_LIST_NODE_DEVICES_CAP_*) is 1 &lt;&lt; its value, and its name is what virsh --cap takes.
/// </summary>
public enum NodeDeviceCap
{
    System = 0,
    Pci = 1,
    UsbDevice = 2,
    UsbInterface = 3,
    Net = 4,
    ScsiHost = 5,
    ScsiTarget = 6,
    Scsi = 7,
    Storage = 8,
    FcHost = 9,
    Vports = 10,
    ScsiGeneric = 11,
    Drm = 12,
    MdevTypes = 13,
    Mdev = 14,
    Ccw = 15,
    Css = 16,
    Vdpa = 17,
    ApCard = 18,
    ApQueue = 19,
    ApMatrix = 20,
    Vpd = 21,
}

public static class NodeDeviceCaps
{
    private static readonly string[] Names =
    [
        "system", "pci", "usb_device", "usb", "net", "scsi_host", "scsi_target", "scsi", "storage", "fc_host",
        "vports", "scsi_generic", "drm", "mdev_types", "mdev", "ccw", "css", "vdpa", "ap_card", "ap_queue",
        "ap_matrix", "vpd",
    ];

    /// <summary>VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE / _INACTIVE: every device vireod lists is active.</summary>
    public const uint ActiveFlag = 1u << 31, InactiveFlag = 1u << 30;

    public static string Name(this NodeDeviceCap cap) => Names[(int)cap];

    public static uint Flag(this NodeDeviceCap cap) => 1u << (int)cap;

    public static NodeDeviceCap? Parse(string name)
    {
        var i = Array.IndexOf(Names, name);
        return i < 0 ? null : (NodeDeviceCap)i;
    }

    /// <summary>All cap filter bits together (libvirt's VIR_CONNECT_LIST_NODE_DEVICES_FILTERS_CAP).</summary>
    public static uint AllCapFlags => (1u << Names.Length) - 1;
}
