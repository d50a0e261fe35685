using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>
/// &lt;vcpus&gt;&lt;vcpu id enabled hotpluggable order/&gt;...&lt;/vcpus&gt; both ways. libvirt keeps one entry per
/// vCPU up to the maximum and derives the count online (the current attribute of &lt;vcpu&gt;) from the
/// enabled ones, so a parse fills in the vCPUs the element leaves out (disabled) and sets
/// <see cref="VcpuDef.Current"/> to match.
/// </summary>
internal static class VcpusXml
{
    public static IReadOnlyList<VcpuSlotDef>? Parse(XmlNode? n, VcpuDef? vcpu, string owner)
    {
        if (n is null) return null;
        var max = vcpu?.Count ?? 1;
        var byId = new Dictionary<uint, VcpuSlotDef>();
        foreach (var v in n.Children("vcpu"))
        {
            var id = v.RequiredUInt("id");
            if (id >= max)
                throw XmlErrors.BadValue($"vcpu id '{id}' in <vcpus> of {owner} is out of range: the domain has {max} vCPUs (ids 0 to {max - 1})");
            var enabled = v.Enum<YesNo>("enabled") ?? throw XmlErrors.Missing($"attribute 'enabled' is missing from <vcpu id='{id}'> in <vcpus> of {owner}");
            var slot = new VcpuSlotDef(id, enabled == YesNo.Yes, v.Enum<YesNo>("hotpluggable"), v.UInt("order"));
            if (!byId.TryAdd(id, slot))
                throw XmlErrors.BadValue($"vcpu id '{id}' appears twice in <vcpus> of {owner}");
        }
        var slots = Enumerable.Range(0, (int)max).Select(i => byId.GetValueOrDefault((uint)i) ?? new VcpuSlotDef((uint)i, false)).ToList();
        if (!slots[0].Enabled)
            throw XmlErrors.BadValue($"vcpu 0 in <vcpus> of {owner} must be enabled: a guest needs its first vCPU");
        if (slots.FirstOrDefault(s => !s.Enabled && s.Hotpluggable == YesNo.No) is { } fixedOff)
            throw XmlErrors.BadValue($"vcpu '{fixedOff.Id}' in <vcpus> of {owner} can't be offline and not hotpluggable");
        return slots;
    }

    /// <summary>The &lt;vcpu&gt; element with current='N' matching the enabled entries (absent when all are).</summary>
    public static VcpuDef? WithEnabledCount(VcpuDef? vcpu, IReadOnlyList<VcpuSlotDef>? slots)
    {
        if (vcpu is null || slots is null) return vcpu;
        var enabled = (uint)slots.Count(s => s.Enabled);
        return vcpu with { Current = enabled == vcpu.Count ? null : enabled };
    }

    public static XElement? Format(IReadOnlyList<VcpuSlotDef>? slots) => slots is null or { Count: 0 } ? null :
        E("vcpus", slots.Select(s => E("vcpu", A("id", s.Id), A("enabled", s.Enabled ? YesNo.Yes : YesNo.No),
            A("hotpluggable", s.Hotpluggable), A("order", s.Order))));
}
