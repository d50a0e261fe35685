using Vireo.Core.Domain;

namespace Vireo.Qemu.Definition;

/// <summary>The PCI devices of a definition as lists that address assignment fills in, and the definition they make.</summary>
internal sealed class PciWork(DomainDef def)
{
    public List<ControllerDef> Controllers { get; } = def.Devices.Controllers.ToList();
    public List<InterfaceDef> Interfaces { get; } = def.Devices.Interfaces.ToList();
    public List<SoundDef> Sounds { get; } = def.Devices.Sounds.ToList();
    public List<DiskDef> Disks { get; } = def.Devices.Disks.ToList();
    public List<RngDef> Rngs { get; } = def.Devices.Rngs.ToList();
    public List<VideoDef> Videos { get; } = def.Devices.Videos.ToList();
    public List<InputDef> Inputs { get; } = def.Devices.Inputs.ToList();
    public List<SerialDef> Serials { get; } = def.Devices.Serials.ToList();
    public MemBalloonDef? Balloon { get; set; } = def.Devices.MemBalloon;
    public WatchdogDef? Watchdog { get; set; } = def.Devices.Watchdog;

    /// <summary>Every PCI address already in the definition, and whether the device there is a root port (they share slots).</summary>
    public IEnumerable<(DeviceAddress Address, bool RootPort)> WrittenAddresses()
    {
        foreach (var c in Controllers) if (IsPci(c.Address)) yield return (c.Address!, c.Model == "pcie-root-port");
        foreach (var a in All().Where(IsPci)) yield return (a!, false);
    }

    /// <summary>libvirt marks function 0 of a slot with several functions in use as multifunction.</summary>
    public void MarkMultifunction(PciAddressSet set)
    {
        DeviceAddress? Mark(DeviceAddress? a) =>
            IsPci(a) && (a!.Function ?? 0) == 0 && a.Multifunction is null && set.IsMultifunction(a.Bus ?? 0, a.Slot ?? 0)
                ? a with { Multifunction = OnOff.On } : a;
        for (int i = 0; i < Controllers.Count; i++) Controllers[i] = Controllers[i] with { Address = Mark(Controllers[i].Address) };
        for (int i = 0; i < Interfaces.Count; i++) Interfaces[i] = Interfaces[i] with { Address = Mark(Interfaces[i].Address) };
        for (int i = 0; i < Sounds.Count; i++) Sounds[i] = Sounds[i] with { Address = Mark(Sounds[i].Address) };
        for (int i = 0; i < Disks.Count; i++) Disks[i] = Disks[i] with { Address = Mark(Disks[i].Address) };
        for (int i = 0; i < Rngs.Count; i++) Rngs[i] = Rngs[i] with { Address = Mark(Rngs[i].Address) };
        for (int i = 0; i < Videos.Count; i++) Videos[i] = Videos[i] with { Address = Mark(Videos[i].Address) };
        for (int i = 0; i < Inputs.Count; i++) Inputs[i] = Inputs[i] with { Address = Mark(Inputs[i].Address) };
        for (int i = 0; i < Serials.Count; i++) Serials[i] = Serials[i] with { Address = Mark(Serials[i].Address) };
        if (Balloon is not null) Balloon = Balloon with { Address = Mark(Balloon.Address) };
        if (Watchdog is not null) Watchdog = Watchdog with { Address = Mark(Watchdog.Address) };
    }

    /// <summary>The options libvirt fills in for PCI controllers: the QEMU model name, and a root port's chassis and port.</summary>
    public void FillControllerOptions()
    {
        for (int i = 0; i < Controllers.Count; i++)
        {
            var c = Controllers[i];
            if (c.Type != ControllerType.Pci) continue;
            var name = c.PciModelName ?? c.Model switch
            {
                "pci-bridge" => "pci-bridge",
                "dmi-to-pci-bridge" => "i82801b11-bridge",
                "pcie-to-pci-bridge" => "pcie-pci-bridge",
                "pcie-root-port" => "pcie-root-port",
                "pcie-switch-upstream-port" => "x3130-upstream",
                "pcie-switch-downstream-port" => "xio3130-downstream",
                "pci-expander-bus" => "pxb",
                "pcie-expander-bus" => "pxb-pcie",
                _ => null,
            };
            var target = c.PciTarget;
            var a = c.Address;
            switch (c.Model)
            {
                case "pci-bridge":
                    target = (target ?? new PciControllerTargetDef()) with { ChassisNr = target?.ChassisNr ?? c.Index };
                    break;
                case "pcie-root-port" when a is not null:
                    target = (target ?? new PciControllerTargetDef()) with
                    {
                        Chassis = target?.Chassis ?? c.Index,
                        Port = target?.Port ?? (((a.Slot ?? 0) << 3) + (a.Function ?? 0)),
                    };
                    break;
                case "pcie-switch-downstream-port" when a is not null:
                    target = (target ?? new PciControllerTargetDef()) with { Chassis = target?.Chassis ?? c.Index, Port = target?.Port ?? a.Slot ?? 0 };
                    break;
            }
            Controllers[i] = c with { PciModelName = name, PciTarget = target };
        }
    }

    public DomainDef ToDef() => def with
    {
        Devices = def.Devices with
        {
            Controllers = Controllers, Interfaces = Interfaces, Sounds = Sounds, Disks = Disks, Rngs = Rngs,
            Videos = Videos, Inputs = Inputs, Serials = Serials, MemBalloon = Balloon, Watchdog = Watchdog,
        },
    };

    private IEnumerable<DeviceAddress?> All() =>
        Interfaces.Select(x => x.Address).Concat(Sounds.Select(x => x.Address)).Concat(Disks.Select(x => x.Address))
            .Concat(Rngs.Select(x => x.Address)).Concat(Videos.Select(x => x.Address)).Concat(Inputs.Select(x => x.Address))
            .Concat(Serials.Select(x => x.Address)).Append(Balloon?.Address).Append(Watchdog?.Address);

    private static bool IsPci(DeviceAddress? a) => a is { Type: AddressType.Pci };
}
