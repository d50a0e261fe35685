using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Definition;

/// <summary>
/// PCI addresses as libvirt 9.0 assigns them on define. A first pass places every device to learn which buses are
/// missing (on a Q35, each PCIe device gets a pcie-root-port of its own, PCI devices a pcie-to-pci-bridge, and a
/// machine whose ports were all made here gets one spare port for hot-plug); those become controllers, appended.
/// The second pass places everything for real: the chipset's fixed places first (i440fx: IDE 1.1, PIIX3 USB 1.2,
/// the primary video card in slot 2; Q35: SATA 1f.2, ICH9 USB in 1d, the primary video card in slot 1, ICH9
/// audio in 1b), then in libvirt's order: PCI controllers, NICs, sound cards, other controllers, virtio disks,
/// the balloon, RNGs, the watchdog, other video cards, virtio input devices and PCI serial ports. Root ports
/// share slots as functions 0-7. Finally function 0 of a slot with several functions is marked multifunction
/// and PCI controllers get their model name, chassis and port.
/// </summary>
internal static class PciAddresses
{
    private static readonly HashSet<string> Usb2 = ["ich9-ehci1", "ich9-uhci1", "ich9-uhci2", "ich9-uhci3"];

    public static DomainDef Assign(DomainDef def, MachineFamily machine)
    {
        if (machine == MachineFamily.Other || !def.Devices.Controllers.Any(c => c.Type == ControllerType.Pci && c.Index == 0)) return def;
        def = AddMissingBuses(def, machine);
        var set = NewSet(def, allowGrowth: false);
        var work = new PciWork(def);
        PlaceChipset(work, set, machine);
        PlaceDevices(work, set);
        work.MarkMultifunction(set);
        work.FillControllerOptions();
        return work.ToDef();
    }

    private static DomainDef AddMissingBuses(DomainDef def, MachineFamily machine)
    {
        var set = NewSet(def, allowGrowth: true);
        var work = new PciWork(def);
        int written = set.Count;
        PlaceChipset(work, set, machine);
        if (!set.IsPcie) set.Next(PciConnect.Pci, "a future PCI bridge"); // libvirt keeps a slot free for one while counting
        PlaceDevices(work, set);
        int maxIndex = (int)def.Devices.Controllers.Where(c => c.Type == ControllerType.Pci).Max(c => c.Index);
        if (maxIndex <= 0 && set.Count > maxIndex + 1 && set.IsPcie)
            set.Next(PciConnect.Pcie, "a spare hot-plug port");
        var controllers = def.Devices.Controllers.ToList();
        for (int bus = 1; bus < set.Count; bus++)
        {
            if (controllers.Any(c => c.Type == ControllerType.Pci && c.Index == bus)) continue;
            var model = set.ModelOf(bus);
            controllers.Add(new ControllerDef { Type = ControllerType.Pci, Index = (uint)bus, Model = model });
            // A bridge added for PCI devices already holds its root port's slot.
            if (model != "pcie-to-pci-bridge" || bus < written) set.Next(ConnectOfController(model, set.IsPcie), $"PCI controller {bus}");
        }
        return def with { Devices = def.Devices with { Controllers = controllers } };
    }

    private static PciAddressSet NewSet(DomainDef def, bool allowGrowth)
    {
        var pci = def.Devices.Controllers.Where(c => c.Type == ControllerType.Pci).ToList();
        int count = (int)pci.Max(c => c.Index) + 1;
        bool pcie = pci.First(c => c.Index == 0).Model == "pcie-root";
        var models = Enumerable.Range(0, count).Select(i => pci.FirstOrDefault(c => c.Index == i)?.Model
            ?? (pcie ? "pcie-root-port" : "pci-bridge"));
        var set = new PciAddressSet(models, allowGrowth);
        foreach (var (address, rootPort) in new PciWork(def).WrittenAddresses()) set.Reserve(address, rootPort);
        return set;
    }

    private static void PlaceChipset(PciWork w, PciAddressSet set, MachineFamily machine)
    {
        if (machine == MachineFamily.I440fx) PlaceI440fxChipset(w, set);
        else PlaceQ35Chipset(w, set);
    }

    private static void PlaceDevices(PciWork w, PciAddressSet set)
    {
        bool pcie = set.IsPcie;

        for (int i = 0; i < w.Controllers.Count; i++)
        {
            var c = w.Controllers[i];
            if (c.Type != ControllerType.Pci || c.Model is "pci-root" or "pcie-root" || c.Address is not null) continue;
            w.Controllers[i] = c with { Address = set.Next(ConnectOfController(c.Model, pcie), $"PCI controller {c.Index}") };
        }
        for (int i = 0; i < w.Interfaces.Count; i++)
            if (w.Interfaces[i].Address is null)
                w.Interfaces[i] = w.Interfaces[i] with { Address = set.Next(Kind(pcie, w.Interfaces[i].Model is "virtio" or "e1000e"), "an interface") };
        for (int i = 0; i < w.Sounds.Count; i++)
            if (w.Sounds[i].Address is null && w.Sounds[i].Model is not (SoundModel.Sb16 or SoundModel.Pcspk or SoundModel.Usb))
                w.Sounds[i] = w.Sounds[i] with { Address = set.Next(Kind(pcie, w.Sounds[i].Model == SoundModel.Ich9), "a sound card") };
        for (int i = 0; i < w.Controllers.Count; i++)
        {
            var c = w.Controllers[i];
            if (c.Address is not null || c.Type is ControllerType.Pci or ControllerType.Fdc || (c.Type == ControllerType.Usb && c.Model == "none")
                || (c.Type == ControllerType.Ide && c.Index == 0))
                continue;
            w.Controllers[i] = c with { Address = c.Type == ControllerType.Usb && c.Model is { } m && Usb2.Contains(m) ? Usb2Address(w, set, c) : set.Next(ConnectOf(c, pcie), $"controller {c.Type} {c.Index}") };
        }
        for (int i = 0; i < w.Disks.Count; i++)
            if (w.Disks[i].Target.Bus == DiskBus.Virtio && w.Disks[i].Address is null)
                w.Disks[i] = w.Disks[i] with { Address = set.Next(Kind(pcie, true), $"disk '{w.Disks[i].Target.Dev}'") };
        if (w.Balloon is { Model: MemBalloonModel.Virtio, Address: null } balloon)
            w.Balloon = balloon with { Address = set.Next(Kind(pcie, true), "the memory balloon") };
        for (int i = 0; i < w.Rngs.Count; i++)
            if (w.Rngs[i].Address is null)
                w.Rngs[i] = w.Rngs[i] with { Address = set.Next(Kind(pcie, true), "an RNG device") };
        if (w.Watchdog is { Model: WatchdogModel.I6300esb, Address: null } watchdog)
            w.Watchdog = watchdog with { Address = set.Next(PciConnect.Pci, "the watchdog") };
        for (int i = 0; i < w.Videos.Count; i++)
            if (w.Videos[i].Model is not (VideoModel.None or VideoModel.Ramfb) && w.Videos[i].Address is null)
                w.Videos[i] = w.Videos[i] with { Address = set.Next(Kind(pcie, w.Videos[i].Model == VideoModel.Virtio), "a video card") };
        for (int i = 0; i < w.Inputs.Count; i++)
            if (w.Inputs[i].Bus == InputBus.Virtio && w.Inputs[i].Address is null)
                w.Inputs[i] = w.Inputs[i] with { Address = set.Next(Kind(pcie, true), "an input device") };
        for (int i = 0; i < w.Serials.Count; i++)
            if (w.Serials[i].TargetType == "pci-serial" && w.Serials[i].Address is null)
                w.Serials[i] = w.Serials[i] with { Address = set.Next(PciConnect.Pci, "a serial port") };
    }

    private static PciConnect Kind(bool pcieMachine, bool pcieDevice) => pcieMachine && pcieDevice ? PciConnect.Pcie : PciConnect.Pci;

    private static PciConnect ConnectOf(ControllerDef c, bool pcie) => Kind(pcie, c.Type switch
    {
        ControllerType.Usb => c.Model is "qemu-xhci" or "nec-xhci",
        ControllerType.Scsi => c.Model == "virtio-scsi",
        ControllerType.VirtioSerial or ControllerType.Sata => true,
        _ => false,
    });

    private static PciConnect ConnectOfController(string? model, bool pcie) => model switch
    {
        "pcie-root-port" or "pcie-switch-upstream-port" => PciConnect.RootPort,
        "pcie-to-pci-bridge" => PciConnect.Pcie,
        _ => pcie ? PciConnect.Pcie : PciConnect.Pci,
    };

    /// <summary>An ICH9 USB2 set shares one slot: the EHCI master at function 7, its UHCI companions at 0-2.</summary>
    private static DeviceAddress Usb2Address(PciWork w, PciAddressSet set, ControllerDef c)
    {
        var (function, multi) = c.Model switch
        {
            "ich9-ehci1" => (7u, (OnOff?)null),
            "ich9-uhci1" => (0u, OnOff.On),
            "ich9-uhci2" => (1u, null),
            _ => (2u, null),
        };
        var sibling = w.Controllers.FirstOrDefault(o => o.Type == ControllerType.Usb && o.Index == c.Index && o.Model is { } m && Usb2.Contains(m)
                                                        && o.Address is { Type: AddressType.Pci });
        var address = sibling is not null
            ? DeviceAddress.Pci(sibling.Address!.Bus ?? 0, sibling.Address.Slot ?? 0, function)
            : set.Next(PciConnect.Pci, $"USB controller {c.Index}") with { Function = function };
        set.Reserve(address);
        return address with { Multifunction = multi };
    }

    private static void PlaceI440fxChipset(PciWork w, PciAddressSet set)
    {
        for (int i = 0; i < w.Controllers.Count; i++)
        {
            var c = w.Controllers[i];
            var fixedAt = c switch
            {
                { Type: ControllerType.Ide, Index: 0 } => (Fn: 1u, Error: "Primary IDE controller must have PCI address 0:0:1.1"),
                { Type: ControllerType.Usb, Index: 0, Model: "piix3-uhci" or null } => (Fn: 2u, Error: "PIIX3 USB controller at index 0 must have PCI address 0:0:1.2"),
                _ => (Fn: 0u, Error: (string?)null),
            };
            if (fixedAt.Error is null) continue;
            var expected = DeviceAddress.Pci(0, 1, fixedAt.Fn);
            if (c.Address is { Type: AddressType.Pci } a && !SameSlot(a, expected)) throw VirErrors.Internal(fixedAt.Error, VirErrorDomain.Qemu);
            w.Controllers[i] = c with { Address = c.Address ?? expected };
            set.Reserve(expected);
        }
        set.Reserve(DeviceAddress.Pci(0, 1, 0));
        set.Reserve(DeviceAddress.Pci(0, 1, 3));
        PlacePrimaryVideo(w, set, 2);
    }

    private static void PlaceQ35Chipset(PciWork w, PciAddressSet set)
    {
        for (int i = 0; i < w.Controllers.Count; i++)
        {
            var c = w.Controllers[i];
            if (c is { Type: ControllerType.Sata, Index: 0 })
            {
                var expected = DeviceAddress.Pci(0, 0x1f, 2);
                if (c.Address is { Type: AddressType.Pci } a && !SameSlot(a, expected))
                    throw VirErrors.Internal("Primary SATA controller must have PCI address 0:0:1f.2", VirErrorDomain.Qemu);
                w.Controllers[i] = c with { Address = c.Address ?? expected };
                set.Reserve(expected);
            }
            else if (c is { Type: ControllerType.Usb, Model: "ich9-uhci1", Address: null })
            {
                uint? slot = !set.SlotInUse(0, 0x1d) ? 0x1du : !set.SlotInUse(0, 0x1a) ? 0x1au : null;
                if (slot is null) continue;
                var address = DeviceAddress.Pci(0, slot.Value) with { Multifunction = OnOff.On };
                set.Reserve(address);
                w.Controllers[i] = c with { Address = address };
            }
        }
        set.Reserve(DeviceAddress.Pci(0, 0x1f, 0));
        set.Reserve(DeviceAddress.Pci(0, 0x1f, 3));
        PlacePrimaryVideo(w, set, 1);
        if (!set.SlotInUse(0, 0x1b))
        {
            var i = w.Sounds.FindIndex(s => s.Model == SoundModel.Ich9 && s.Address is null);
            if (i >= 0)
            {
                w.Sounds[i] = w.Sounds[i] with { Address = DeviceAddress.Pci(0, 0x1b) };
                set.Reserve(DeviceAddress.Pci(0, 0x1b));
            }
        }
    }

    private static void PlacePrimaryVideo(PciWork w, PciAddressSet set, uint slot)
    {
        if (w.Videos.Count == 0 || w.Videos[0].Model is VideoModel.None or VideoModel.Ramfb || w.Videos[0].Address is not null) return;
        DeviceAddress address;
        if (set.SlotInUse(0, slot))
            address = set.Next(set.IsPcie && w.Videos[0].Model == VideoModel.Virtio ? PciConnect.Pcie : PciConnect.Pci, "the primary video card");
        else
        {
            address = DeviceAddress.Pci(0, slot);
            set.Reserve(address);
        }
        w.Videos[0] = w.Videos[0] with { Address = address };
    }

    private static bool SameSlot(DeviceAddress a, DeviceAddress b) =>
        (a.Domain ?? 0) == (b.Domain ?? 0) && (a.Bus ?? 0) == (b.Bus ?? 0) && (a.Slot ?? 0) == (b.Slot ?? 0) && (a.Function ?? 0) == (b.Function ?? 0);
}
