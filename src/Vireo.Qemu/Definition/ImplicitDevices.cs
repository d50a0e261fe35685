using Vireo.Core.Domain;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Definition;

/// <summary>
/// The devices libvirt adds to a PC on define. First those the machine always has (in this order, appended after
/// the ones written): PS/2 mouse and keyboard, a USB controller at index 0, the Q35's SATA controller, the PCI
/// root, a virtio balloon and an audio backend (spice when there is spice graphics, else none). Then the
/// controllers the devices need: SCSI, floppy, IDE and SATA controllers up to the highest one a disk's drive
/// address names, and virtio-serial for virtio channels and consoles.
/// </summary>
internal static class ImplicitDevices
{
    public static DomainDef AddMachineDevices(DomainDef def, MachineFamily machine, QemuEmulatorCaps caps)
    {
        if (machine == MachineFamily.Other) return def;
        var d = def.Devices;
        var inputs = d.Inputs.Select(i => i with { Bus = i.Bus ?? DeviceDefaults.InputBus(i.Type) }).ToList();
        AddInputUnlessPresent(inputs, InputType.Mouse, InputBus.Ps2);
        AddInputUnlessPresent(inputs, InputType.Keyboard, InputBus.Ps2);

        var controllers = d.Controllers.ToList();
        if (!controllers.Any(c => c.Type == ControllerType.Usb && c.Index == 0))
            controllers.Add(new ControllerDef { Type = ControllerType.Usb, Index = 0, Model = DeviceDefaults.UsbModel(machine, 0, caps) });
        if (machine == MachineFamily.Q35) AddUnlessPresent(controllers, ControllerType.Sata, 0);
        var root = controllers.FirstOrDefault(c => c.Type == ControllerType.Pci && c.Index == 0);
        var rootModel = machine == MachineFamily.Q35 ? "pcie-root" : "pci-root";
        if (root is null)
            controllers.Add(new ControllerDef { Type = ControllerType.Pci, Index = 0, Model = rootModel });
        else if (root.Model != rootModel)
            throw Vireo.Core.Errors.VirErrors.Xml(
                $"The PCI controller with index='0' must be model='{rootModel}' for this machine type, but model='{root.Model}' was found instead");

        return def with
        {
            Devices = d with
            {
                Inputs = inputs,
                Controllers = controllers,
                MemBalloon = d.MemBalloon ?? new MemBalloonDef { Model = MemBalloonModel.Virtio },
                Audios = d.Audios.Count > 0 ? d.Audios
                    : [new AudioDef(1, d.Graphics.Any(g => g.Type == GraphicsType.Spice) ? AudioType.Spice : AudioType.None)],
            },
        };
    }

    public static DomainDef AddControllersForDevices(DomainDef def)
    {
        var d = def.Devices;
        var controllers = d.Controllers.ToList();
        foreach (var (bus, type) in new[] { (DiskBus.Scsi, ControllerType.Scsi), (DiskBus.Fdc, ControllerType.Fdc), (DiskBus.Ide, ControllerType.Ide), (DiskBus.Sata, ControllerType.Sata) })
        {
            var highest = d.Disks.Where(x => x.Target.Bus == bus && x.Address is { Type: AddressType.Drive })
                .Select(x => (long)(x.Address!.Controller ?? 0)).DefaultIfEmpty(-1).Max();
            for (uint index = 0; index <= highest; index++) AddUnlessPresent(controllers, type, index);
        }
        foreach (var index in d.Channels.Select(c => VirtioSerialController(c.Address))
                     .Concat(d.Consoles.Where(c => c.TargetType == ConsoleTargetType.Virtio).Select(_ => 0u)))
            AddUnlessPresent(controllers, ControllerType.VirtioSerial, index);
        return def with { Devices = d with { Controllers = controllers } };
    }

    private static uint VirtioSerialController(DeviceAddress? address) =>
        address is { Type: AddressType.VirtioSerial, Controller: { } c } ? c : 0;

    private static void AddUnlessPresent(List<ControllerDef> controllers, ControllerType type, uint index)
    {
        if (!controllers.Any(c => c.Type == type && c.Index == index))
            controllers.Add(new ControllerDef { Type = type, Index = index });
    }

    private static void AddInputUnlessPresent(List<InputDef> inputs, InputType type, InputBus bus)
    {
        if (!inputs.Any(i => i.Type == type && i.Bus == bus))
            inputs.Add(new InputDef { Type = type, Bus = bus });
    }
}
