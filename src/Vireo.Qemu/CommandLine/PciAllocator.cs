using System.Globalization;
using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// Gives every PCI device a fixed slot so the guest sees the same topology on each start (a NIC that
/// moves slots gets renamed inside the guest). Explicit &lt;address type='pci'&gt; elements are reserved
/// first; the rest are placed in emission order on the root bus, like libvirt's layout:
/// i440fx: 0 host bridge, 1 PIIX3 (ISA, IDE, USB at 1.2, ACPI), 2 primary video, others from 3;
/// Q35: 0 host bridge, 1 primary video, 0x1f ICH9 (LPC, SATA, SMBus), others from 2 upwards.
/// Devices go straight onto pcie.0 on Q35 unless their address names a root port.
/// </summary>
internal sealed class PciAllocator(BuildSession session)
{
    private const uint MaxSlot = 0x1f;
    private readonly Dictionary<(uint Bus, uint Slot), string?[]> functions = [];
    private readonly HashSet<uint> fixedSlots = [];
    private readonly List<QemuPciAssignment> assignments = [];

    public IReadOnlyList<QemuPciAssignment> Assignments => assignments;

    /// <summary>The slot the primary video card takes on the root bus.</summary>
    public uint PrimaryVideoSlot => session.IsQ35 ? 1u : 2u;

    /// <summary>Marks the slots the machine itself occupies (and the video slot) as not for automatic use.</summary>
    public void ReserveMachineSlots()
    {
        fixedSlots.UnionWith(session.IsQ35 ? [0u, 1u, 0x1fu] : [0u, 1u, 2u]);
        Take(0, 0, 0, "the host bridge");
        if (session.IsQ35)
            for (uint f = 0; f < 4; f++) Take(0, 0x1f, f, "the ICH9 chipset");
        else
        {
            Take(0, 1, 0, "the PIIX3 ISA bridge");
            Take(0, 1, 1, "the PIIX3 IDE controller");
            Take(0, 1, 3, "the PIIX4 ACPI controller");
        }
    }

    /// <summary>Reserves an explicit address before any automatic placement, so nothing takes it first.</summary>
    public void ReserveExplicit(DeviceAddress? address, string what)
    {
        if (address is null) return;
        if (address.Type != AddressType.Pci)
            throw session.Unsupported($"{what} of {session.Owner} has an address of type '{address.Type.ToString().ToLowerInvariant()}', but it is a PCI device");
        Validate(address, what);
        Take(address.Bus ?? 0, address.Slot ?? 0, address.Function ?? 0, what);
    }

    /// <summary>Adds bus= and addr= for a device: its explicit address (already reserved) or the next free slot.</summary>
    public QemuProps Place(QemuProps props, DeviceAddress? explicitAddress, string deviceId, string what)
    {
        var address = explicitAddress ?? AllocateSlot(what);
        return PlaceAt(props, address, deviceId);
    }

    /// <summary>Writes bus=, addr= (and multifunction=on) for an address that is already taken.</summary>
    public QemuProps PlaceAt(QemuProps props, DeviceAddress address, string deviceId)
    {
        uint fn = address.Function ?? 0;
        props.Add("bus", BusName(address.Bus ?? 0))
             .Add("addr", fn == 0 ? Hex(address.Slot ?? 0) : $"{Hex(address.Slot ?? 0)}.{Hex(fn)}");
        if (address.Multifunction == OnOff.On) props.Add("multifunction", true);
        assignments.Add(new QemuPciAssignment(deviceId, address with { Domain = address.Domain ?? 0, Bus = address.Bus ?? 0, Function = fn }));
        return props;
    }

    /// <summary>The next root-bus slot with no function in use, taken as function 0.</summary>
    public DeviceAddress AllocateSlot(string what)
    {
        for (uint slot = 1; slot <= MaxSlot; slot++)
        {
            if (fixedSlots.Contains(slot) || functions.ContainsKey((0, slot))) continue;
            Take(0, slot, 0, what);
            return DeviceAddress.Pci(0, slot);
        }
        throw session.Unsupported($"no free PCI slot is left on the root bus for {what} of {session.Owner}; add a pci-bridge or pcie-root-port and give devices addresses on it");
    }

    /// <summary>Claims a whole free slot for a multifunction group (ICH9 USB controllers); the members then take their functions.</summary>
    public uint AllocateGroupSlot(string what)
    {
        for (uint slot = 1; slot <= MaxSlot; slot++)
        {
            if (fixedSlots.Contains(slot) || functions.ContainsKey((0, slot))) continue;
            functions[(0, slot)] = new string?[8];
            return slot;
        }
        throw session.Unsupported($"no free PCI slot is left on the root bus for {what} of {session.Owner}");
    }

    /// <summary>Takes one function of a slot already handed out (companions of a multifunction group).</summary>
    public void TakeFunction(uint bus, uint slot, uint function, string what) => Take(bus, slot, function, what);

    /// <summary>The fixed video slot for the primary video card; any free slot if an explicit address already took it.</summary>
    public DeviceAddress TakePrimaryVideoSlot(string what)
    {
        if (functions.ContainsKey((0, PrimaryVideoSlot))) return AllocateSlot(what);
        Take(0, PrimaryVideoSlot, 0, what);
        return DeviceAddress.Pci(0, PrimaryVideoSlot);
    }

    /// <summary>The QEMU bus name of PCI bus N: the root is pci.0 (i440fx) or pcie.0 (Q35); others are pci.N.</summary>
    public string BusName(uint bus)
    {
        if (bus == 0) return session.IsQ35 ? "pcie.0" : "pci.0";
        if (!session.Controllers.HasPciBus(bus))
            throw session.Unsupported($"PCI bus {bus} is used by an address in {session.Owner}, but there is no <controller type='pci' index='{bus}'>");
        return $"pci.{bus}";
    }

    private void Validate(DeviceAddress a, string what)
    {
        if ((a.Domain ?? 0) != 0)
            throw session.Unsupported($"{what} of {session.Owner} asks for PCI domain {a.Domain}; only domain 0 exists");
        if ((a.Slot ?? 0) > MaxSlot || (a.Function ?? 0) > 7)
            throw session.Unsupported($"{what} of {session.Owner} has PCI address {Format(a)}, which is out of range (slot 0-0x1f, function 0-7)");
        if ((a.Bus ?? 0) == 0 && (a.Slot ?? 0) == 0)
            throw session.Unsupported($"{what} of {session.Owner} asks for PCI slot 0 of the root bus, which the host bridge occupies");
        _ = BusName(a.Bus ?? 0);
    }

    private void Take(uint bus, uint slot, uint function, string what)
    {
        if (!functions.TryGetValue((bus, slot), out var owners))
            functions[(bus, slot)] = owners = new string?[8];
        if (owners[function] is { } owner)
            throw session.Unsupported($"PCI address {Format(DeviceAddress.Pci(bus, slot, function))} of {what} in {session.Owner} is already used by {owner}");
        owners[function] = what;
    }

    private static string Hex(uint v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture);

    public static string Format(DeviceAddress a) =>
        string.Create(CultureInfo.InvariantCulture, $"{a.Domain ?? 0:x4}:{a.Bus ?? 0:x2}:{a.Slot ?? 0:x2}.{a.Function ?? 0:x}");
}
