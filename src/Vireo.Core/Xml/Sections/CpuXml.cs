using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>&lt;cpu&gt; both ways: mode, model, vendor, topology, features and NUMA cells.</summary>
internal static class CpuXml
{
    public static CpuDef? Parse(XmlNode? n)
    {
        if (n is null) return null;
        var model = n.Child("model");
        var topology = n.Child("topology");
        var numa = n.Child("numa");
        return new CpuDef
        {
            Mode = n.Enum<CpuMode>("mode"),
            Match = n.Enum<CpuMatch>("match"),
            Check = n.Enum<CpuCheck>("check"),
            Migratable = n.Enum<OnOff>("migratable"),
            Model = model is null ? null : new CpuModelDef(NonEmpty(model.Text()), model.Enum<CpuFallback>("fallback")),
            Vendor = n.ChildText("vendor"),
            Topology = topology is null ? null : new CpuTopologyDef
            {
                Sockets = topology.RequiredUInt("sockets"),
                Dies = topology.UInt("dies"),
                Cores = topology.RequiredUInt("cores"),
                Threads = topology.RequiredUInt("threads"),
            },
            Features = n.Children("feature").Select(f => new CpuFeatureDef(f.RequiredAttr("name"), f.Enum<CpuFeaturePolicy>("policy"))).ToList(),
            NumaCells = numa is null ? [] : numa.Children("cell").Select(ParseCell).ToList(),
        };
    }

    private static string? NonEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static NumaCellDef ParseCell(XmlNode c)
    {
        var distances = c.Child("distances");
        return new NumaCellDef
        {
            Id = c.UInt("id"),
            Cpus = c.CpuSet("cpus"),
            Memory = c.MemoryAttr("memory", "unit") ?? throw XmlErrors.Missing("attribute 'memory' is missing from a NUMA <cell> in <cpu>"),
            MemAccess = c.Enum<MemoryAccessMode>("memAccess"),
            Discard = c.Enum<YesNo>("discard"),
            Distances = distances is null ? [] : distances.Children("sibling")
                .Select(s => new NumaDistanceDef(s.RequiredUInt("id"), s.RequiredUInt("value"))).ToList(),
        };
    }

    public static XElement? Format(CpuDef? c) => c is null ? null : E("cpu",
        A("mode", c.Mode), A("match", c.Match), A("check", c.Check), A("migratable", c.Migratable),
        c.Model is { } m ? E("model", A("fallback", m.Fallback), m.Name) : null,
        Text("vendor", c.Vendor),
        c.Topology is { } t ? E("topology", A("sockets", t.Sockets), A("dies", t.Dies),
            A("cores", t.Cores), A("threads", t.Threads)) : null,
        c.Features.Select(f => E("feature", A("policy", f.Policy), A("name", f.Name))),
        c.NumaCells.Count == 0 ? null : E("numa", c.NumaCells.Select(FormatCell)));

    private static XElement FormatCell(NumaCellDef c) => E("cell",
        A("id", c.Id), A("cpus", c.Cpus?.ToString()), A("memory", c.Memory.KiB), A("unit", "KiB"),
        A("memAccess", c.MemAccess), A("discard", c.Discard),
        c.Distances.Count == 0 ? null : E("distances", c.Distances.Select(d => E("sibling", A("id", d.Id), A("value", d.Value)))));
}
