using Vireo.Core.Domain;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Definition;

/// <summary>
/// What libvirtd 9.0's QEMU driver fills in when it defines a domain, so that dumpxml shows the same document
/// (its post-parse and address-assignment steps): the emulator, arch and canonical machine type, a boot device,
/// the default CPU model, the devices every PC has (PCI root, USB controller, PS/2 input, balloon, audio
/// backend), the controllers devices need, device model defaults, and the drive, virtio-serial, USB and PCI
/// addresses. Pure: the emulator's capabilities come in as a value. Runs after Core's DomainDefaults; running
/// it again on its own result changes nothing.
/// </summary>
public static class QemuDefinitionDefaults
{
    public static DomainDef Apply(DomainDef def, QemuEmulatorCaps caps)
    {
        if (def.IsContainer) return def;
        def = MachineDefaults.Apply(def, caps);
        var machine = MachineFamilies.Of(def.Os.Machine);
        def = ImplicitDevices.AddMachineDevices(def, machine, caps);
        def = DeviceDefaults.Apply(def, machine);
        def = ConsoleCompat.Apply(def);
        def = DriveAddresses.Assign(def);
        def = ImplicitDevices.AddControllersForDevices(def);
        def = DeviceDefaults.ApplyControllers(def, machine, caps);
        def = VirtioSerialAddresses.Assign(def);
        def = PciAddresses.Assign(def, machine);
        def = UsbAddresses.Assign(def);
        return def;
    }
}

/// <summary>The machine families whose layout libvirt knows; others get no PCI defaults.</summary>
public enum MachineFamily { Other, I440fx, Q35 }

public static class MachineFamilies
{
    public static MachineFamily Of(string? machine) => machine switch
    {
        null => MachineFamily.Other,
        "pc" => MachineFamily.I440fx,
        "q35" => MachineFamily.Q35,
        _ when machine.StartsWith("pc-i440fx-", StringComparison.Ordinal) => MachineFamily.I440fx,
        _ when machine.StartsWith("pc-q35-", StringComparison.Ordinal) => MachineFamily.Q35,
        _ => MachineFamily.Other,
    };
}
