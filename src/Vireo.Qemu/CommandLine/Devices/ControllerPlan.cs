using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// The controllers the guest gets: those in the XML plus the ones a device needs and the XML leaves out
/// (libvirt adds them when it defines a domain): a USB controller for USB devices (piix3-uhci on i440fx,
/// qemu-xhci on Q35), a SCSI controller per SCSI disk controller index, an AHCI controller for SATA on
/// i440fx, virtio-serial for channels and virtio consoles. Built-in controllers (PIIX3 IDE, ICH9 AHCI,
/// the floppy controller, the PCI root) are never emitted. Also answers "which QEMU bus is that?".
/// </summary>
internal sealed class ControllerPlan
{
    private readonly BuildSession s;
    private readonly List<ControllerDef> all;

    public ControllerPlan(BuildSession session)
    {
        s = session;
        all = [.. session.Def.Devices.Controllers];
        CheckRoot();
        AddImplicit();
    }

    /// <summary>Every controller, XML ones first in their order, then the implicit ones.</summary>
    public IReadOnlyList<ControllerDef> All => all;

    public bool HasPciBus(uint index) => index > 0 && all.Any(c => c.Type == ControllerType.Pci && c.Index == index);

    public IEnumerable<ControllerDef> OfType(ControllerType type) => all.Where(c => c.Type == type);

    /// <summary>The qdev id of a controller: libvirt's names (usb, usb1, scsi0, sata0, virtio-serial0, pci.1) or a user alias (ua-*).</summary>
    public string IdOf(ControllerDef c) => DeviceAliases.Controller(c, s.IsQ35);

    /// <summary>The USB bus for a device: its address's bus (controller index) or controller 0.</summary>
    public string UsbBus(DeviceAddress? address, string what)
    {
        uint index = address is { Type: AddressType.Usb, Bus: { } b } ? b : 0;
        var controllers = OfType(ControllerType.Usb).Where(c => c.Index == index).ToList();
        if (controllers.Count == 0)
            throw s.Unsupported($"{what} of {s.Owner} is on USB bus {index}, but there is no <controller type='usb' index='{index}'>");
        if (controllers.Any(c => c.Model == "none"))
            throw s.Unsupported($"{what} of {s.Owner} needs USB, but USB is switched off by <controller type='usb' model='none'/>");
        // Companion UHCI controllers hang off their EHCI master: the bus is the master's.
        var master = controllers.FirstOrDefault(c => c.Model is not ("ich9-uhci1" or "ich9-uhci2" or "ich9-uhci3")) ?? controllers[0];
        return IdOf(master) + ".0";
    }

    public string ScsiBus(uint controller, string what)
    {
        var c = OfType(ControllerType.Scsi).FirstOrDefault(c => c.Index == controller)
            ?? throw s.Unsupported($"{what} of {s.Owner} is on SCSI controller {controller}, which does not exist");
        return IdOf(c) + ".0";
    }

    /// <summary>An AHCI port is a bus of its own with one unit: "ide.N" for the built-in Q35 controller, "sataC.N" otherwise.</summary>
    public string SataBus(uint controller, uint unit, string what)
    {
        var c = OfType(ControllerType.Sata).FirstOrDefault(c => c.Index == controller)
            ?? throw s.Unsupported($"{what} of {s.Owner} is on SATA controller {controller}, which does not exist");
        if (unit > 5)
            throw s.Unsupported($"{what} of {s.Owner} asks for SATA port {unit}; an AHCI controller has ports 0-5");
        return $"{IdOf(c)}.{unit}";
    }

    public string VirtioSerialBus(uint controller, string what)
    {
        var c = OfType(ControllerType.VirtioSerial).FirstOrDefault(c => c.Index == controller)
            ?? throw s.Unsupported($"{what} of {s.Owner} is on virtio-serial controller {controller}, which does not exist");
        return IdOf(c) + ".0";
    }

    private void CheckRoot()
    {
        var root = all.FirstOrDefault(c => c.Type == ControllerType.Pci && c.Index == 0);
        var expected = s.IsQ35 ? "pcie-root" : "pci-root";
        if (root?.Model is { } model && model != expected)
            throw s.Unsupported($"<controller type='pci' index='0' model='{model}'> does not fit machine type '{s.Machine.Name}' of {s.Owner}, whose root bus is {expected}");
        foreach (var c in all.Where(c => c.Type == ControllerType.Pci && c.Index > 0 && c.Model is "pci-root" or "pcie-root"))
            throw s.Unsupported($"<controller type='pci' index='{c.Index}' model='{c.Model}'> of {s.Owner}: only index 0 can be the root bus");
        if (s.IsQ35 && all.Any(c => c.Type == ControllerType.Ide))
            throw s.Unsupported($"machine type '{s.Machine.Name}' of {s.Owner} has no IDE controller; use SATA (bus='sata') instead of <controller type='ide'>");
    }

    private void AddImplicit()
    {
        var devices = s.Def.Devices;
        bool needsUsb = devices.Inputs.Any(i => InputBusOf(i) == InputBus.Usb)
                        || devices.Disks.Any(d => DiskAddressing.BusOf(d) == DiskBus.Usb)
                        || devices.Sounds.Any(x => x.Model == SoundModel.Usb);
        if (needsUsb && !OfType(ControllerType.Usb).Any())
            all.Add(new ControllerDef { Type = ControllerType.Usb, Index = 0, Model = s.IsQ35 ? "qemu-xhci" : "piix3-uhci" });

        foreach (var disk in devices.Disks)
        {
            var bus = DiskAddressing.BusOf(disk);
            var position = DiskAddressing.PositionOf(disk, bus);
            if (bus == DiskBus.Scsi && !OfType(ControllerType.Scsi).Any(c => c.Index == position.Controller))
                all.Add(new ControllerDef { Type = ControllerType.Scsi, Index = position.Controller });
            if (bus == DiskBus.Sata && !OfType(ControllerType.Sata).Any(c => c.Index == position.Controller))
                all.Add(new ControllerDef { Type = ControllerType.Sata, Index = position.Controller });
        }

        bool needsVirtioSerial = devices.Channels.Count > 0
                                 || devices.Consoles.Any(c => c.TargetType == ConsoleTargetType.Virtio);
        if (needsVirtioSerial && !OfType(ControllerType.VirtioSerial).Any())
            all.Add(new ControllerDef { Type = ControllerType.VirtioSerial, Index = 0 });
    }

    /// <summary>libvirt's default input bus on x86: tablets on USB, mice and keyboards on PS/2.</summary>
    public static InputBus InputBusOf(InputDef input) =>
        input.Bus ?? (input.Type == InputType.Tablet ? InputBus.Usb : InputBus.Ps2);
}
