using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// -device lines for controllers: PCI bridges and root ports first (devices behind them need their
/// buses), then USB, SCSI, SATA and virtio-serial in XML order. ICH9 USB2 groups (ich9-ehci1 with its
/// ich9-uhci1..3 companions) share one PCI slot as a multifunction device, like libvirt lays them out.
/// </summary>
internal static class ControllerArgs
{
    public static void Reserve(BuildSession s)
    {
        foreach (var c in s.Controllers.All.Where(c => IsPciDevice(s, c)))
            s.Pci.ReserveExplicit(c.Address, Describe(c));
    }

    public static void Emit(BuildSession s)
    {
        foreach (var c in s.Controllers.OfType(ControllerType.Pci).Where(c => c.Index > 0).OrderBy(c => c.Index))
            EmitPci(s, c);
        var usbDone = new HashSet<uint>();
        foreach (var c in s.Controllers.All)
        {
            switch (c.Type)
            {
                case ControllerType.Usb when usbDone.Add(c.Index):
                    EmitUsbGroup(s, s.Controllers.OfType(ControllerType.Usb).Where(u => u.Index == c.Index).ToList());
                    break;
                case ControllerType.Scsi:
                    EmitScsi(s, c);
                    break;
                case ControllerType.Sata:
                    EmitSata(s, c);
                    break;
                case ControllerType.VirtioSerial:
                    EmitVirtioSerial(s, c);
                    break;
                case ControllerType.Ide when c.Index > 0:
                case ControllerType.Fdc when c.Index > 0 || s.IsQ35:
                    throw s.Unsupported($"{Describe(c)} of {s.Owner} is not available on machine type '{s.Machine.Name}' (only the built-in controller 0 of i440fx machines exists)");
            }
        }
    }

    /// <summary>True for controllers that are PCI devices of their own (not built in, not model none).</summary>
    private static bool IsPciDevice(BuildSession s, ControllerDef c) => c.Type switch
    {
        ControllerType.Pci => c.Index > 0 && c.Model is not ("pci-root" or "pcie-root"),
        ControllerType.Usb => c.Model != "none",
        ControllerType.Scsi or ControllerType.VirtioSerial => true,
        ControllerType.Sata => !(s.IsQ35 && c.Index == 0),
        _ => false,
    };

    private static void EmitPci(BuildSession s, ControllerDef c)
    {
        var what = Describe(c);
        var model = c.Model ?? throw s.Unsupported($"{what} of {s.Owner} has no model; say which kind of PCI controller it is (e.g. model='pcie-root-port')");
        bool pcieOnly = model is "pcie-root-port" or "pcie-switch-upstream-port" or "pcie-switch-downstream-port"
                        or "pcie-expander-bus" or "dmi-to-pci-bridge" or "pcie-to-pci-bridge";
        if (pcieOnly && !s.IsQ35)
            throw s.Unsupported($"{what} of {s.Owner} needs a PCI Express machine (q35), but the machine type is '{s.Machine.Name}'");
        var driver = c.PciModelName ?? model switch
        {
            "pcie-root-port" => "pcie-root-port",
            "pci-bridge" => "pci-bridge",
            "dmi-to-pci-bridge" => "i82801b11-bridge",
            "pcie-to-pci-bridge" => "pcie-pci-bridge",
            "pcie-switch-upstream-port" => "x3130-upstream",
            "pcie-switch-downstream-port" => "xio3130-downstream",
            "pci-expander-bus" => "pxb",
            "pcie-expander-bus" => "pxb-pcie",
            _ => throw s.Unsupported($"{what} of {s.Owner} has model '{model}', which Vireo cannot create"),
        };
        var id = s.Controllers.IdOf(c);
        var address = c.Address ?? s.Pci.AllocateSlot(what);
        var t = c.PciTarget;
        var props = new QemuProps(driver);
        switch (model)
        {
            case "pcie-root-port" or "pcie-switch-downstream-port":
                props.AddHex("port", t?.Port ?? ((address.Slot ?? 0) << 3 | (address.Function ?? 0)))
                     .Add("chassis", t?.Chassis ?? c.Index);
                break;
            case "pci-bridge":
                props.Add("chassis_nr", t?.ChassisNr ?? c.Index);
                break;
            case "pci-expander-bus" or "pcie-expander-bus":
                props.Add("bus_nr", t?.BusNr ?? throw s.Unsupported($"{what} of {s.Owner} needs <target busNr='...'/>"));
                break;
        }
        props.Add("id", id);
        s.Pci.PlaceAt(props, address, id);
        if (t?.Hotplug is { } hotplug) props.Add("hotplug", hotplug == OnOff.On);
        s.Device(driver, props, what);
    }

    private static readonly Dictionary<string, string> UsbDrivers = new()
    {
        ["piix3-uhci"] = "piix3-usb-uhci",
        ["piix4-uhci"] = "piix4-usb-uhci",
        ["ehci"] = "usb-ehci",
        ["ich9-ehci1"] = "ich9-usb-ehci1",
        ["ich9-uhci1"] = "ich9-usb-uhci1",
        ["ich9-uhci2"] = "ich9-usb-uhci2",
        ["ich9-uhci3"] = "ich9-usb-uhci3",
        ["vt82c686b-uhci"] = "vt82c686b-usb-uhci",
        ["pci-ohci"] = "pci-ohci",
        ["nec-xhci"] = "nec-usb-xhci",
        ["qemu-xhci"] = "qemu-xhci",
    };

    private static readonly Dictionary<string, (uint Function, uint FirstPort)> Companions = new()
    {
        ["ich9-uhci1"] = (0, 0),
        ["ich9-uhci2"] = (1, 2),
        ["ich9-uhci3"] = (2, 4),
    };

    private static void EmitUsbGroup(BuildSession s, List<ControllerDef> group)
    {
        var index = group[0].Index;
        if (group.Any(c => c.Model == "none"))
        {
            if (group.Count > 1)
                throw s.Unsupported($"<controller type='usb' index='{index}' model='none'> of {s.Owner} cannot be combined with other USB controllers of the same index");
            return;
        }
        var masters = group.Where(c => !Companions.ContainsKey(c.Model ?? "")).ToList();
        var companions = group.Where(c => Companions.ContainsKey(c.Model ?? "")).ToList();
        if (masters.Count != 1)
            throw s.Unsupported(masters.Count == 0
                ? $"the USB companion controllers of index {index} in {s.Owner} have no master; add <controller type='usb' index='{index}' model='ich9-ehci1'/>"
                : $"{s.Owner} has {masters.Count} USB controllers with index {index}; only companion controllers (ich9-uhci1..3) may share an index with their master");
        var master = masters[0];
        var masterModel = master.Model ?? (s.IsQ35 ? "qemu-xhci" : "piix3-uhci");
        if (companions.Count > 0 && masterModel != "ich9-ehci1")
            throw s.Unsupported($"USB companion controllers of index {index} in {s.Owner} need an ich9-ehci1 master, not '{masterModel}'");
        var id = s.Controllers.IdOf(master);
        var what = Describe(master);
        var driver = UsbDrivers.GetValueOrDefault(masterModel)
            ?? throw s.Unsupported($"{what} of {s.Owner} has unknown USB model '{masterModel}'");

        var props = new QemuProps(driver).Add("id", id);
        if (master.Ports is { } ports)
        {
            if (masterModel is not ("qemu-xhci" or "nec-xhci"))
                throw s.Unsupported($"{what} of {s.Owner} sets ports='{ports}', which only xHCI controllers (qemu-xhci, nec-xhci) support");
            props.Add("p2", ports).Add("p3", ports);
        }

        DeviceAddress address;
        if (master.Address is { } explicitAddress) address = explicitAddress;
        else if (companions.Count > 0)
        {
            // One slot for the group: the EHCI master at function 7, the UHCI companions at 0, 1 and 2.
            uint slot = s.Pci.AllocateGroupSlot(what);
            address = DeviceAddress.Pci(0, slot, 7);
            s.Pci.TakeFunction(0, slot, 7, what);
        }
        else if (masterModel == "piix3-uhci" && !s.IsQ35 && index == 0)
        {
            s.Pci.TakeFunction(0, 1, 2, what); // PIIX3's own USB function, where libvirt puts it
            address = DeviceAddress.Pci(0, 1, 2);
        }
        else address = s.Pci.AllocateSlot(what);
        s.Pci.PlaceAt(props, address, id);
        s.Device(driver, props, what);

        foreach (var companion in companions.OrderBy(c => Companions[c.Model!].Function))
        {
            var (function, firstPort) = Companions[companion.Model!];
            var cwhat = Describe(companion);
            var cdriver = UsbDrivers[companion.Model!];
            var cprops = new QemuProps(cdriver).Add("masterbus", id + ".0").Add("firstport", companion.MasterStartPort ?? firstPort);
            var caddress = companion.Address;
            if (caddress is null)
            {
                s.Pci.TakeFunction(address.Bus ?? 0, address.Slot!.Value, function, cwhat);
                caddress = DeviceAddress.Pci(address.Bus ?? 0, address.Slot!.Value, function) with
                {
                    Multifunction = function == 0 ? OnOff.On : null,
                };
            }
            // Companions carry no id of their own (they would clash with the master's); list them by master and function.
            s.Pci.PlaceAt(cprops, caddress, $"{id}-companion{function}");
            s.Device(cdriver, cprops, cwhat);
        }
    }

    private static void EmitScsi(BuildSession s, ControllerDef c)
    {
        var what = Describe(c);
        var driver = (c.Model ?? "auto") switch
        {
            "auto" or "lsilogic" => "lsi53c895a",
            "lsisas1068" => "mptsas1068",
            "lsisas1078" => "megasas",
            "virtio-scsi" => "virtio-scsi-pci",
            "virtio-transitional" => "virtio-scsi-pci-transitional",
            "virtio-non-transitional" => "virtio-scsi-pci-non-transitional",
            var m => throw s.Unsupported($"{what} of {s.Owner} has unknown SCSI model '{m}'"),
        };
        var id = s.Controllers.IdOf(c);
        var props = new QemuProps(driver).Add("id", id);
        if (c.Driver is { } d)
        {
            if (!driver.StartsWith("virtio", StringComparison.Ordinal) && (d.Queues is not null || d.IoThread is not null))
                throw s.Unsupported($"{what} of {s.Owner}: <driver queues/iothread> need model='virtio-scsi'");
            props.Add("num_queues", d.Queues);
            if (d.IoThread is { } io) props.Add("iothread", IoThreadId(s, io, what));
        }
        s.Pci.Place(props, c.Address, id, what);
        s.Device(driver, props, what);
    }

    private static void EmitSata(BuildSession s, ControllerDef c)
    {
        if (s.IsQ35 && c.Index == 0) return; // the ICH9 AHCI at 0x1f.2 is built in
        var id = s.Controllers.IdOf(c);
        var what = Describe(c);
        var props = new QemuProps("ich9-ahci").Add("id", id);
        s.Pci.Place(props, c.Address, id, what);
        s.Device("ich9-ahci", props, what);
    }

    private static void EmitVirtioSerial(BuildSession s, ControllerDef c)
    {
        var what = Describe(c);
        var driver = (c.Model ?? "virtio") switch
        {
            "virtio-transitional" => "virtio-serial-pci-transitional",
            "virtio-non-transitional" => "virtio-serial-pci-non-transitional",
            _ => "virtio-serial-pci",
        };
        var id = s.Controllers.IdOf(c);
        var props = new QemuProps(driver).Add("id", id).Add("max_ports", c.Ports).Add("vectors", c.Vectors);
        s.Pci.Place(props, c.Address, id, what);
        s.Device(driver, props, what);
    }

    public static string IoThreadId(BuildSession s, uint id, string what)
    {
        if (!IoThreadSet.Contains(s.Def, id))
            throw s.Unsupported($"{what} of {s.Owner} uses iothread {id}, but the domain has no such IOThread (ids: {string.Join(", ", IoThreadSet.Ids(s.Def))})");
        return $"iothread{id}";
    }

    public static string Describe(ControllerDef c) =>
        $"<controller type='{TypeName(c.Type)}' index='{c.Index}'{(c.Model is null ? "" : $" model='{c.Model}'")}>";

    private static string TypeName(ControllerType t) => t switch
    {
        ControllerType.VirtioSerial => "virtio-serial",
        _ => t.ToString().ToLowerInvariant(),
    };
}
