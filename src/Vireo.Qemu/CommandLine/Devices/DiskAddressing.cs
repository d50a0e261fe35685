using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// Where a disk sits: its bus (from &lt;target bus&gt; or the device name's prefix) and, for controller
/// buses, its controller/bus/unit. Without an explicit &lt;address type='drive'&gt; the position comes from
/// the name's index as libvirt derives it (vda=0, sdb=1, hdc=2, sdaa=26): IDE 4 per controller (2 buses
/// x 2 units), SATA 6 ports per controller, SCSI 7 units per controller, floppy unit = index.
/// </summary>
internal static class DiskAddressing
{
    public readonly record struct DrivePosition(uint Controller, uint Bus, uint Unit);

    public static DiskBus BusOf(DiskDef disk)
    {
        if (disk.Target.Bus is { } bus) return bus;
        var dev = disk.Target.Dev;
        if (dev.StartsWith("vd", StringComparison.Ordinal)) return DiskBus.Virtio;
        if (dev.StartsWith("hd", StringComparison.Ordinal)) return DiskBus.Ide;
        if (dev.StartsWith("sd", StringComparison.Ordinal)) return DiskBus.Scsi;
        if (dev.StartsWith("fd", StringComparison.Ordinal)) return DiskBus.Fdc;
        return DiskBus.Virtio;
    }

    /// <summary>The index encoded in a device name's letters after its two-letter prefix; null when the name has none.</summary>
    public static int? NameIndex(string dev)
    {
        if (dev.Length < 3) return null;
        int index = 0;
        foreach (var c in dev.AsSpan(2))
        {
            if (c is < 'a' or > 'z') return null;
            index = checked(index * 26 + (c - 'a' + 1));
        }
        return index - 1;
    }

    public static DrivePosition PositionOf(DiskDef disk, DiskBus bus)
    {
        if (disk.Address is { Type: AddressType.Drive } a)
            return new DrivePosition(a.Controller ?? 0, a.Bus ?? 0, a.Unit ?? 0);
        uint idx = (uint)(NameIndex(disk.Target.Dev) ?? 0);
        return bus switch
        {
            DiskBus.Ide => new DrivePosition(idx / 4, idx % 4 / 2, idx % 2),
            DiskBus.Sata => new DrivePosition(idx / 6, 0, idx % 6),
            DiskBus.Scsi => new DrivePosition(idx / 7, 0, idx % 7),
            DiskBus.Fdc => new DrivePosition(0, 0, idx),
            _ => new DrivePosition(0, 0, 0),
        };
    }
}
