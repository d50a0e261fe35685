using Vireo.Core.Domain;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Definition;

/// <summary>
/// The order libvirt's parser gives disks (virDomainDiskInsert): each disk goes among those on its bus, before
/// the first with a higher index in its name (vdb before vdc) or right after the last one of its bus; a disk on
/// a bus not seen yet goes to the end. So vda, sda, hdc, vdb is kept as vda, vdb, sda, hdc, which is the order
/// of the XML, of the command line and of the aliases' indices.
/// </summary>
internal static class DiskOrder
{
    public static DomainDef Apply(DomainDef def)
    {
        var sorted = new List<DiskDef>();
        foreach (var disk in def.Devices.Disks)
        {
            var bus = DiskAddressing.BusOf(disk);
            int index = DiskAddressing.NameIndex(disk.Target.Dev) ?? -1;
            int at = -1;
            for (int i = sorted.Count - 1; i >= 0; i--)
            {
                if (DiskAddressing.BusOf(sorted[i]) != bus) continue;
                if ((DiskAddressing.NameIndex(sorted[i].Target.Dev) ?? -1) > index) at = i;
                else if (at == -1) at = i + 1;
            }
            sorted.Insert(at == -1 ? sorted.Count : at, disk);
        }
        return sorted.SequenceEqual(def.Devices.Disks) ? def : def with { Devices = def.Devices with { Disks = sorted } };
    }
}
