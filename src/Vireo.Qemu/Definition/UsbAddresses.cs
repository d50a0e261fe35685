using Vireo.Core.Domain;

namespace Vireo.Qemu.Definition;

/// <summary>
/// &lt;address type='usb' bus port&gt; for USB devices (disks, sound cards, then input devices): the first free
/// port of the lowest USB controller. A controller has 2 ports (UHCI), 3 (OHCI), 6 (EHCI) or 15 (xHCI) unless
/// its ports attribute says otherwise; UHCI companions add none of their own.
/// </summary>
internal static class UsbAddresses
{
    public static DomainDef Assign(DomainDef def)
    {
        var d = def.Devices;
        var buses = d.Controllers.Where(c => c.Type == ControllerType.Usb && c.Model != "none" && c.MasterStartPort is null)
            .GroupBy(c => c.Index).OrderBy(g => g.Key).Select(g => (Index: g.Key, Ports: g.First().Ports ?? PortsOf(g.First().Model))).ToList();
        if (buses.Count == 0) return def;
        var used = new HashSet<(uint, string)>();
        void Reserve(DeviceAddress? a) { if (a is { Type: AddressType.Usb, UsbPort: { } port }) used.Add((a.Bus ?? 0, port)); }
        foreach (var disk in d.Disks) Reserve(disk.Address);
        foreach (var sound in d.Sounds) Reserve(sound.Address);
        foreach (var input in d.Inputs) Reserve(input.Address);

        DeviceAddress? Next()
        {
            foreach (var (index, ports) in buses)
                for (uint port = 1; port <= ports; port++)
                    if (used.Add((index, port.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                        return new DeviceAddress { Type = AddressType.Usb, Bus = index, UsbPort = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            return null;
        }
        return def with
        {
            Devices = d with
            {
                Disks = d.Disks.Select(x => x.Target.Bus == DiskBus.Usb && x.Address is null ? x with { Address = Next() } : x).ToList(),
                Sounds = d.Sounds.Select(x => x.Model == SoundModel.Usb && x.Address is null ? x with { Address = Next() } : x).ToList(),
                Inputs = d.Inputs.Select(x => x.Bus == InputBus.Usb && x.Address is null ? x with { Address = Next() } : x).ToList(),
            },
        };
    }

    private static uint PortsOf(string? model) => model switch
    {
        "piix3-uhci" or "piix4-uhci" or "vt82c686b-uhci" => 2,
        "pci-ohci" => 3,
        "ehci" or "ich9-ehci1" => 6,
        "nec-xhci" or "qemu-xhci" => 15,
        _ => 2,
    };
}
