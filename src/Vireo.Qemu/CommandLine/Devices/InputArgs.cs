using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// Tablets, mice and keyboards ("inputN"). PS/2 mouse and keyboard are part of the i8042 every PC
/// machine has (they stay with -nodefaults), so they add nothing; USB ones go on a USB bus, virtio
/// ones are PCI devices.
/// </summary>
internal static class InputArgs
{
    public static void Reserve(BuildSession s)
    {
        var inputs = s.Def.Devices.Inputs;
        for (int i = 0; i < inputs.Count; i++)
            if (ControllerPlan.InputBusOf(inputs[i]) == InputBus.Virtio)
                s.Pci.ReserveExplicit(inputs[i].Address, Describe(inputs[i]));
    }

    public static void Emit(BuildSession s)
    {
        var inputs = s.Def.Devices.Inputs;
        for (int i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var what = Describe(input);
            var id = DeviceAliases.Input(input, i);
            switch (ControllerPlan.InputBusOf(input))
            {
                case InputBus.Ps2:
                    if (input.Type == InputType.Tablet)
                        throw s.Unsupported($"{what} of {s.Owner}: PS/2 has no tablet; use bus='usb' or bus='virtio'");
                    break;
                case InputBus.Usb:
                    var driver = input.Type switch { InputType.Tablet => "usb-tablet", InputType.Mouse => "usb-mouse", _ => "usb-kbd" };
                    var props = new QemuProps(driver).Add("id", id).Add("bus", s.Controllers.UsbBus(input.Address, what));
                    if (input.Address?.UsbPort is { } port) props.Add("port", port);
                    s.Device(driver, props, what);
                    break;
                default:
                    var vdriver = input.Type switch { InputType.Tablet => "virtio-tablet-pci", InputType.Mouse => "virtio-mouse-pci", _ => "virtio-keyboard-pci" };
                    var vprops = new QemuProps(vdriver).Add("id", id);
                    s.Pci.Place(vprops, input.Address, id, what);
                    s.Device(vdriver, vprops, what);
                    break;
            }
        }
    }

    private static string Describe(InputDef i) =>
        $"<input type='{i.Type.ToString().ToLowerInvariant()}' bus='{ControllerPlan.InputBusOf(i).ToString().ToLowerInvariant()}'>";
}
