namespace Vireo.Core.Domain;

/// <summary>
/// &lt;address type=...&gt;: where a device sits on its bus. Which fields apply depends on Type:
/// pci (Domain, Bus, Slot, Function, Multifunction; formatted in hex), drive (Controller, Bus, Target,
/// Unit), virtio-serial (Controller, Bus, Port), usb (Bus, UsbPort), isa (Iobase, Irq).
/// </summary>
public sealed record DeviceAddress
{
    public required AddressType Type { get; init; }
    public uint? Domain { get; init; }
    public uint? Bus { get; init; }
    public uint? Slot { get; init; }
    public uint? Function { get; init; }
    public OnOff? Multifunction { get; init; }
    public uint? Controller { get; init; }
    public uint? Target { get; init; }
    public uint? Unit { get; init; }

    /// <summary>virtio-serial port number.</summary>
    public uint? Port { get; init; }

    /// <summary>USB port path such as "1" or "1.2".</summary>
    public string? UsbPort { get; init; }
    public uint? Iobase { get; init; }
    public uint? Irq { get; init; }

    public static DeviceAddress Pci(uint bus, uint slot, uint function = 0, uint domain = 0) =>
        new() { Type = AddressType.Pci, Domain = domain, Bus = bus, Slot = slot, Function = function };

    public static DeviceAddress Drive(uint controller, uint bus, uint target, uint unit) =>
        new() { Type = AddressType.Drive, Controller = controller, Bus = bus, Target = target, Unit = unit };
}

public enum AddressType { Pci, Drive, VirtioSerial, Usb, Isa }
