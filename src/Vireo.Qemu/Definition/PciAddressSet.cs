using Vireo.Core.Domain;
using Vireo.Core.Errors;

namespace Vireo.Qemu.Definition;

/// <summary>What plugs into a PCI slot: a conventional PCI device, a PCI Express endpoint, or a PCIe root port.</summary>
internal enum PciConnect { Pci, Pcie, RootPort }

/// <summary>
/// The PCI buses of a domain and the functions in use on each, as libvirt's address set keeps them. A bus takes
/// devices by its controller model: pci-root and pci-bridge take any device on slots 1-31; pcie-root takes only
/// root ports (and the chipset's own devices, placed by address); a pcie-root-port has one slot, 0, for a PCIe
/// endpoint or a pcie-to-pci-bridge; a pcie-to-pci-bridge takes PCI devices on slots 1-31. When no bus fits and
/// growing is allowed, the set adds the bus libvirt would (a root port, or a root port with a pcie-to-pci-bridge
/// behind it); <see cref="PciAddresses"/> turns added buses into controllers.
/// </summary>
internal sealed class PciAddressSet
{
    private const int Slots = 32;
    private readonly List<Bus> buses = [];

    public PciAddressSet(IEnumerable<string> busModels, bool allowGrowth)
    {
        foreach (var model in busModels) buses.Add(new Bus(model));
        AllowGrowth = allowGrowth;
    }

    public bool AllowGrowth { get; }
    public bool IsPcie => buses.Count > 0 && buses[0].Model == "pcie-root";
    public int Count => buses.Count;
    public string ModelOf(int bus) => buses[bus].Model;

    public bool SlotInUse(uint bus, uint slot) => bus < buses.Count && buses[(int)bus].Used[slot] != 0;

    /// <summary>Whether more than one function of the slot is in use (its function 0 is then multifunction).</summary>
    public bool IsMultifunction(uint bus, uint slot) =>
        bus < buses.Count && slot < Slots && System.Numerics.BitOperations.PopCount(buses[(int)bus].Used[slot]) > 1;

    /// <summary>Marks an address as used (an address written in the XML, or one the chipset always has).</summary>
    public void Reserve(DeviceAddress a, bool aggregate = false)
    {
        uint bus = a.Bus ?? 0, slot = a.Slot ?? 0, fn = a.Function ?? 0;
        if (bus >= buses.Count || slot >= Slots || fn > 7) return; // checked when the guest is built
        buses[(int)bus].Used[slot] |= (byte)(1 << (int)fn);
        if (aggregate) buses[(int)bus].Aggregate[slot] = true;
    }

    /// <summary>The first free slot (function 0) on the first bus that takes this kind of device, growing the set if allowed.</summary>
    public DeviceAddress Next(PciConnect kind, string what)
    {
        while (true)
        {
            if (Find(kind) is { } found)
            {
                Reserve(found, kind == PciConnect.RootPort);
                return found;
            }
            if (!AllowGrowth || !Grow(kind))
                throw VirErrors.Unsupported($"no free PCI slot is left for {what}");
        }
    }

    private DeviceAddress? Find(PciConnect kind)
    {
        for (int b = 0; b < buses.Count; b++)
        {
            var bus = buses[b];
            if (!bus.Takes(kind)) continue;
            for (uint slot = bus.FirstSlot; slot <= bus.LastSlot; slot++)
            {
                var used = bus.Used[slot];
                if (used == 0) return DeviceAddress.Pci((uint)b, slot);
                if (kind == PciConnect.RootPort && bus.Aggregate[slot] && used != 0xff)
                    return DeviceAddress.Pci((uint)b, slot, (uint)System.Numerics.BitOperations.TrailingZeroCount(~used));
            }
        }
        return null;
    }

    private bool Grow(PciConnect kind)
    {
        if (kind == PciConnect.RootPort) return false;
        if (!IsPcie)
        {
            buses.Add(new Bus("pci-bridge"));
            return true;
        }
        if (kind == PciConnect.Pcie)
        {
            buses.Add(new Bus("pcie-root-port"));
            return true;
        }
        // A PCI device on a PCIe machine goes behind a pcie-to-pci-bridge, which sits in a root port of its own.
        var port = buses.FindIndex(b => b.Model == "pcie-root-port" && b.Used[0] == 0);
        if (port < 0)
        {
            buses.Add(new Bus("pcie-root-port"));
            port = buses.Count - 1;
        }
        buses[port].Used[0] = 1;
        buses.Add(new Bus("pcie-to-pci-bridge"));
        return true;
    }

    private sealed class Bus(string model)
    {
        public string Model { get; } = model;
        public byte[] Used { get; } = new byte[Slots];
        public bool[] Aggregate { get; } = new bool[Slots];
        public uint FirstSlot => Model is "pcie-root-port" or "pcie-switch-downstream-port" ? 0u : 1u;
        public uint LastSlot => Model is "pcie-root-port" or "pcie-switch-downstream-port" ? 0u : Slots - 1;

        public bool Takes(PciConnect kind) => Model switch
        {
            "pci-root" or "pci-bridge" => kind != PciConnect.RootPort,
            "pcie-root" => kind == PciConnect.RootPort,
            "pcie-root-port" or "pcie-switch-downstream-port" => kind == PciConnect.Pcie,
            "pcie-to-pci-bridge" or "dmi-to-pci-bridge" => kind == PciConnect.Pci,
            _ => false,
        };
    }
}
