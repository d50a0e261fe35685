using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>Memory sizes and tuning: &lt;maxMemory&gt;, &lt;memory&gt;, &lt;currentMemory&gt;, &lt;memtune&gt;, &lt;memoryBacking&gt;, &lt;blkiotune&gt;.</summary>
internal static class MemoryXml
{
    /// <summary>libvirt writes every size back as a KiB count with unit='KiB'.</summary>
    public static XElement? Size(string name, MemorySize? size, params object?[] extra) =>
        size is null ? null : E(name, extra, A("unit", "KiB"), Invariant(size.Value.KiB));

    public static MaxMemoryDef? ParseMaxMemory(XmlNode? n) =>
        n is null ? null : new MaxMemoryDef(n.MemoryText(), n.UInt("slots"));

    public static XElement? FormatMaxMemory(MaxMemoryDef? m) =>
        m is null ? null : Size("maxMemory", m.Size, A("slots", m.Slots));

    public static MemTuneDef? ParseMemTune(XmlNode? n) => n is null ? null : new MemTuneDef
    {
        HardLimit = n.Child("hard_limit")?.MemoryText(),
        SoftLimit = n.Child("soft_limit")?.MemoryText(),
        SwapHardLimit = n.Child("swap_hard_limit")?.MemoryText(),
        MinGuarantee = n.Child("min_guarantee")?.MemoryText(),
    };

    public static XElement? FormatMemTune(MemTuneDef? m) => m is null ? null : E("memtune",
        Size("hard_limit", m.HardLimit), Size("soft_limit", m.SoftLimit),
        Size("min_guarantee", m.MinGuarantee), Size("swap_hard_limit", m.SwapHardLimit));

    public static MemoryBackingDef? ParseMemoryBacking(XmlNode? n)
    {
        if (n is null) return null;
        var hugepages = n.Child("hugepages");
        return new MemoryBackingDef
        {
            HugePages = hugepages?.Children("page")
                .Select(p => new HugePageDef(p.MemoryAttr("size", "unit") ?? throw XmlErrors.Missing("attribute 'size' is missing from <page> in <hugepages>"), p.NodeSet("nodeset")))
                .ToList(),
            NoSharePages = n.Flag("nosharepages"),
            Locked = n.Flag("locked"),
            SourceType = n.Child("source")?.RequiredEnum<MemorySourceType>("type"),
            AccessMode = n.Child("access")?.RequiredEnum<MemoryAccessMode>("mode"),
            AllocationMode = n.Child("allocation")?.RequiredEnum<MemoryAllocationMode>("mode"),
            Discard = n.Flag("discard"),
        };
    }

    public static XElement? FormatMemoryBacking(MemoryBackingDef? m) => m is null ? null : E("memoryBacking",
        m.HugePages is null ? null : E("hugepages", m.HugePages.Select(p =>
            E("page", A("size", p.Size.KiB), A("unit", "KiB"), A("nodeset", p.Nodeset?.ToString())))),
        Flag("nosharepages", m.NoSharePages),
        Flag("locked", m.Locked),
        m.SourceType is null ? null : E("source", A("type", m.SourceType)),
        m.AccessMode is null ? null : E("access", A("mode", m.AccessMode)),
        m.AllocationMode is null ? null : E("allocation", A("mode", m.AllocationMode)),
        Flag("discard", m.Discard));

    public static BlkioTuneDef? ParseBlkioTune(XmlNode? n) => n is null ? null : new BlkioTuneDef
    {
        Weight = n.ChildUInt("weight"),
        Devices = n.Children("device").Select(d => new BlkioDeviceDef
        {
            Path = d.RequiredChild("path").Text(),
            Weight = d.ChildUInt("weight"),
            ReadIopsSec = d.ChildULong("read_iops_sec"),
            WriteIopsSec = d.ChildULong("write_iops_sec"),
            ReadBytesSec = d.ChildULong("read_bytes_sec"),
            WriteBytesSec = d.ChildULong("write_bytes_sec"),
        }).ToList(),
    };

    public static XElement? FormatBlkioTune(BlkioTuneDef? b) => b is null ? null : E("blkiotune",
        Text("weight", b.Weight),
        b.Devices.Select(d => E("device",
            Text("path", d.Path), Text("weight", d.Weight),
            Text("read_iops_sec", d.ReadIopsSec), Text("write_iops_sec", d.WriteIopsSec),
            Text("read_bytes_sec", d.ReadBytesSec), Text("write_bytes_sec", d.WriteBytesSec))));
}
