namespace Vireo.Core.Domain;

/// <summary>
/// &lt;controller type index model&gt;. Model is libvirt's model name (e.g. "qemu-xhci", "ich9-ehci1",
/// "pcie-root-port", "virtio-scsi"); ControllerModels lists what each type accepts.
/// </summary>
public sealed record ControllerDef
{
    public required ControllerType Type { get; init; }
    public required uint Index { get; init; }
    public string? Model { get; init; }

    /// <summary>usb: number of ports; virtio-serial: number of ports.</summary>
    public uint? Ports { get; init; }

    /// <summary>virtio-serial: MSI-X vectors.</summary>
    public uint? Vectors { get; init; }

    /// <summary>USB companion controllers: &lt;master startport/&gt;.</summary>
    public uint? MasterStartPort { get; init; }

    /// <summary>pci: &lt;model name/&gt;, the QEMU device implementing the controller.</summary>
    public string? PciModelName { get; init; }
    public PciControllerTargetDef? PciTarget { get; init; }
    public ControllerDriverDef? Driver { get; init; }
    public string? Alias { get; init; }
    public DeviceAddress? Address { get; init; }
}

public enum ControllerType { Fdc, Ide, Scsi, Sata, VirtioSerial, Usb, Pci }

/// <summary>&lt;target chassisNr chassis port busNr index hotplug/&gt; of a PCI controller.</summary>
public sealed record PciControllerTargetDef
{
    public uint? ChassisNr { get; init; }
    public uint? Chassis { get; init; }
    public uint? Port { get; init; }
    public uint? BusNr { get; init; }
    public uint? Index { get; init; }
    public OnOff? Hotplug { get; init; }
}

/// <summary>&lt;driver queues iothread/&gt; of a controller.</summary>
public sealed record ControllerDriverDef(uint? Queues = null, uint? IoThread = null);

/// <summary>The model names libvirt's schema allows for each controller type.</summary>
public static class ControllerModels
{
    public static readonly IReadOnlyList<string> Usb =
    [
        "piix3-uhci", "piix4-uhci", "ehci", "ich9-ehci1", "ich9-uhci1", "ich9-uhci2", "ich9-uhci3",
        "vt82c686b-uhci", "pci-ohci", "nec-xhci", "qemu-xhci", "none",
    ];

    public static readonly IReadOnlyList<string> Pci =
    [
        "pci-root", "pcie-root", "pci-bridge", "dmi-to-pci-bridge", "pcie-root-port", "pcie-switch-upstream-port",
        "pcie-switch-downstream-port", "pci-expander-bus", "pcie-expander-bus", "pcie-to-pci-bridge",
    ];

    public static readonly IReadOnlyList<string> PciModelNames =
    [
        "pci-bridge", "i82801b11-bridge", "pcie-pci-bridge", "ioh3420", "pcie-root-port", "x3130-upstream",
        "xio3130-downstream", "pxb", "pxb-pcie",
    ];

    public static readonly IReadOnlyList<string> Scsi =
    [
        "auto", "lsilogic", "lsisas1068", "lsisas1078", "virtio-scsi", "virtio-transitional", "virtio-non-transitional",
    ];

    public static readonly IReadOnlyList<string> Ide = ["piix3", "piix4", "ich6"];

    public static readonly IReadOnlyList<string> VirtioSerial = ["virtio", "virtio-transitional", "virtio-non-transitional"];

    /// <summary>The models allowed for a type; empty when the type takes no model attribute.</summary>
    public static IReadOnlyList<string> For(ControllerType type) => type switch
    {
        ControllerType.Usb => Usb,
        ControllerType.Pci => Pci,
        ControllerType.Scsi => Scsi,
        ControllerType.Ide => Ide,
        ControllerType.VirtioSerial => VirtioSerial,
        _ => [],
    };
}
