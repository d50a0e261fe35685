using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>&lt;vcpu&gt;, &lt;iothreads&gt;, &lt;cputune&gt; and &lt;numatune&gt; both ways.</summary>
internal static class CpuTuningXml
{
    public static VcpuDef? ParseVcpu(XmlNode? n) => n is null ? null : new VcpuDef
    {
        Placement = n.Enum<Placement>("placement"),
        CpuSet = n.CpuSet("cpuset"),
        Current = n.UInt("current"),
        Count = n.UIntText(),
    };

    public static XElement? FormatVcpu(VcpuDef? v) => v is null ? null : E("vcpu",
        A("placement", v.Placement), A("cpuset", v.CpuSet?.ToString()), A("current", v.Current), Invariant(v.Count));

    public static CpuTuneDef? ParseCpuTune(XmlNode? n) => n is null ? null : new CpuTuneDef
    {
        Shares = n.ChildULong("shares"),
        Period = n.ChildULong("period"),
        Quota = n.ChildLong("quota"),
        GlobalPeriod = n.ChildULong("global_period"),
        GlobalQuota = n.ChildLong("global_quota"),
        EmulatorPeriod = n.ChildULong("emulator_period"),
        EmulatorQuota = n.ChildLong("emulator_quota"),
        IoThreadPeriod = n.ChildULong("iothread_period"),
        IoThreadQuota = n.ChildLong("iothread_quota"),
        VcpuPins = n.Children("vcpupin").Select(p => new VcpuPinDef(p.RequiredUInt("vcpu"), RequiredCpuSet(p))).ToList(),
        EmulatorPin = n.Child("emulatorpin") is { } e ? RequiredCpuSet(e) : null,
        IoThreadPins = n.Children("iothreadpin").Select(p => new IoThreadPinDef(p.RequiredUInt("iothread"), RequiredCpuSet(p))).ToList(),
        VcpuScheds = n.Children("vcpusched").Select(s =>
        {
            var scheduler = s.RequiredEnum<VcpuScheduler>("scheduler");
            // Only the real-time schedulers take a priority; on batch or idle it stays unread and is refused.
            var priority = scheduler is VcpuScheduler.Fifo or VcpuScheduler.Rr ? s.Int("priority") : null;
            return new VcpuSchedDef(s.CpuSet("vcpus"), scheduler, priority);
        }).ToList(),
    };

    private static CpuSet RequiredCpuSet(XmlNode n) =>
        n.CpuSet("cpuset") ?? throw XmlErrors.Missing($"attribute 'cpuset' is missing from <{n.Name}> in <cputune>");

    public static XElement? FormatCpuTune(CpuTuneDef? t) => t is null ? null : E("cputune",
        Text("shares", t.Shares), Text("period", t.Period), Text("quota", t.Quota),
        Text("global_period", t.GlobalPeriod), Text("global_quota", t.GlobalQuota),
        Text("emulator_period", t.EmulatorPeriod), Text("emulator_quota", t.EmulatorQuota),
        Text("iothread_period", t.IoThreadPeriod), Text("iothread_quota", t.IoThreadQuota),
        t.VcpuPins.Select(p => E("vcpupin", A("vcpu", p.Vcpu), A("cpuset", p.CpuSet.ToString()))),
        t.EmulatorPin is null ? null : E("emulatorpin", A("cpuset", t.EmulatorPin.ToString())),
        t.IoThreadPins.Select(p => E("iothreadpin", A("iothread", p.IoThread), A("cpuset", p.CpuSet.ToString()))),
        t.VcpuScheds.Select(s => E("vcpusched", A("vcpus", s.Vcpus?.ToString()), A("scheduler", s.Scheduler), A("priority", s.Priority))));

    public static NumaTuneDef? ParseNumaTune(XmlNode? n)
    {
        if (n is null) return null;
        var memory = n.Child("memory");
        return new NumaTuneDef
        {
            Memory = memory is null ? null : new NumaMemoryDef(memory.Enum<NumaMode>("mode"), memory.NodeSet("nodeset"), memory.Enum<Placement>("placement")),
            MemNodes = n.Children("memnode").Select(m => new NumaMemNodeDef(m.RequiredUInt("cellid"), m.Enum<NumaMode>("mode"), m.NodeSet("nodeset"))).ToList(),
        };
    }

    public static XElement? FormatNumaTune(NumaTuneDef? t) => t is null ? null : E("numatune",
        t.Memory is { } m ? E("memory", A("mode", m.Mode), A("nodeset", m.Nodeset?.ToString()), A("placement", m.Placement)) : null,
        t.MemNodes.Select(m => E("memnode", A("cellid", m.CellId), A("mode", m.Mode), A("nodeset", m.Nodeset?.ToString()))));
}
