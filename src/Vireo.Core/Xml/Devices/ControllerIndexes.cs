using Vireo.Core.Domain;

namespace Vireo.Core.Xml;

/// <summary>
/// Gives each &lt;controller&gt; written without an index the one libvirt would (its post-parse step):
/// the lowest index no controller of that type uses, except that an ICH9 USB2 controller (ich9-ehci1,
/// ich9-uhci1..3) written right after another USB2 one joins that one's index, so a master and its
/// companions form one group, unless that group already has a controller of the same model.
/// virt-install writes its USB2 set this way, without indexes. The result is in libvirt's order (<see cref="ControllerOrder"/>).
/// </summary>
internal static class ControllerIndexes
{
    private static readonly HashSet<string> Usb2Models = ["ich9-ehci1", "ich9-uhci1", "ich9-uhci2", "ich9-uhci3"];

    /// <param name="parsed">The controllers in document order; a null index was not written.</param>
    public static List<ControllerDef> Assign(IReadOnlyList<(ControllerDef Def, bool HasIndex)> parsed)
    {
        // Indexes are settled in document order, so a later controller sees the ones assigned before it.
        var indexes = parsed.Select(p => p.HasIndex ? (uint?)p.Def.Index : null).ToArray();
        for (var i = 0; i < parsed.Count; i++)
        {
            if (indexes[i] is not null) continue;
            var def = parsed[i].Def;
            indexes[i] = CompanionIndex(parsed, indexes, i) ?? LowestUnused(parsed, indexes, def.Type);
        }
        return ControllerOrder.Sorted(parsed.Select((p, i) => (p.HasIndex ? p.Def : p.Def with { Index = indexes[i]!.Value }, p.HasIndex)).ToList());
    }

    private static bool IsUsb2(ControllerDef c) => c.Type == ControllerType.Usb && c.Model is { } m && Usb2Models.Contains(m);

    /// <summary>The index of the USB2 group this controller continues, or null when it starts none.</summary>
    private static uint? CompanionIndex(IReadOnlyList<(ControllerDef Def, bool HasIndex)> parsed, uint?[] indexes, int at)
    {
        var def = parsed[at].Def;
        if (at == 0 || !IsUsb2(def)) return null;
        var prev = -1;
        for (var j = at - 1; j >= 0; j--)
            if (parsed[j].Def.Type == ControllerType.Usb) { prev = j; break; }
        if (prev < 0 || !IsUsb2(parsed[prev].Def) || indexes[prev] is not { } group) return null;
        for (var j = 0; j < parsed.Count; j++)
            if (parsed[j].Def.Type == ControllerType.Usb && indexes[j] == group && parsed[j].Def.Model == def.Model)
                return null; // the group has this model already: this controller starts a new one
        return group;
    }

    private static uint LowestUnused(IReadOnlyList<(ControllerDef Def, bool HasIndex)> parsed, uint?[] indexes, ControllerType type)
    {
        var used = new HashSet<uint>();
        for (var j = 0; j < parsed.Count; j++)
            if (parsed[j].Def.Type == type && indexes[j] is { } idx) used.Add(idx);
        uint candidate = 0;
        while (used.Contains(candidate)) candidate++;
        return candidate;
    }
}
