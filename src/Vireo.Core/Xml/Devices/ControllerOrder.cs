using Vireo.Core.Domain;

namespace Vireo.Core.Xml;

/// <summary>
/// The order libvirt keeps &lt;controller&gt; elements in: as it parses them it inserts each one among those of its
/// type (other types keep their places): before the first one with a higher index, before the companions of its
/// own index when it is a USB master, or else right after the last one of its type; a controller written without
/// an index goes right after the last one of its type, and one whose type is new goes to the end. The indexes
/// compared are those written (one not written counts as -1), since libvirt assigns the missing ones later. So
/// scsi0, usb0, scsi1 is kept as scsi0, scsi1, usb0. Controllers libvirt adds itself are appended, not sorted.
/// </summary>
internal static class ControllerOrder
{
    /// <param name="parsed">The controllers in document order with their final indexes, and whether each was written with one.</param>
    public static List<ControllerDef> Sorted(IReadOnlyList<(ControllerDef Def, bool HasIndex)> parsed)
    {
        var placed = new List<(ControllerDef Def, bool HasIndex)>(parsed.Count);
        foreach (var item in parsed)
            placed.Insert(InsertAt(placed, item), item);
        return placed.Select(p => p.Def).ToList();
    }

    private static int InsertAt(List<(ControllerDef Def, bool HasIndex)> placed, (ControllerDef Def, bool HasIndex) item)
    {
        var (controller, hasIndex) = item;
        long index = WrittenIndex(item);
        int insertAt = -1;
        for (var i = placed.Count - 1; i >= 0; i--)
        {
            var current = placed[i].Def;
            if (current.Type != controller.Type) continue;
            if (!hasIndex) return i + 1;
            long currentIndex = WrittenIndex(placed[i]);
            if (currentIndex > index)
                insertAt = i;
            else if (controller.MasterStartPort is null && current.MasterStartPort is not null && currentIndex == index)
                insertAt = i;
            else if (insertAt == -1)
                insertAt = i + 1;
        }
        return insertAt == -1 ? placed.Count : insertAt;
    }

    /// <summary>libvirt compares the indexes as written: one not written counts as -1, below every real index.</summary>
    private static long WrittenIndex((ControllerDef Def, bool HasIndex) item) => item.HasIndex ? item.Def.Index : -1;
}
