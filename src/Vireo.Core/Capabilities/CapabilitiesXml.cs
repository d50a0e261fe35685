using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Vireo.Core.Xml;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Capabilities;

/// <summary>
/// Writes <see cref="HostCapabilities"/> as libvirt does (capability.rng): a blank line after the root
/// tag and after each top-level section, elements in libvirt's order.
/// </summary>
public static class CapabilitiesXml
{
    public static string Format(HostCapabilities caps)
    {
        var sb = new StringBuilder(4096);
        sb.Append("<capabilities>\n\n");
        if (caps.Host.PauseLoopExiting is { } ple)
            sb.Append("  <!-- ").Append(PleComment(ple)).Append(" -->\n");
        LibvirtXmlWriter.WriteElement(sb, Host(caps.Host), 1);
        sb.Append('\n');
        foreach (var guest in caps.Guests)
        {
            LibvirtXmlWriter.WriteElement(sb, Guest(guest), 1);
            sb.Append('\n');
        }
        sb.Append("</capabilities>\n");
        return sb.ToString();
    }

    /// <summary>"pause-loop exiting (kvm_intel): ple_gap=128 ple_window=4096".</summary>
    public static string PleComment(PauseLoopExiting ple)
    {
        var parts = new List<string>();
        void Add(string name, long? v) { if (v is { } x) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={x}")); }
        Add("ple_gap", ple.PleGap);
        Add("ple_window", ple.PleWindow);
        Add("pause_filter_count", ple.PauseFilterCount);
        Add("pause_filter_thresh", ple.PauseFilterThreshold);
        return $"pause-loop exiting ({ple.Module}): {string.Join(' ', parts)}";
    }

    private static XElement Host(HostDescription h) => E("host",
        h.Uuid is { } u ? E("uuid", u.ToString("D")) : null,
        Cpu(h.Cpu),
        E("power_management", h.PowerManagement.Select(p => E(p))),
        h.IommuSupport is { } io ? E("iommu", new XAttribute("support", io ? "yes" : "no")) : null,
        h.LiveMigration || h.MigrationTransports.Count > 0
            ? E("migration_features",
                Flag("live", h.LiveMigration),
                h.MigrationTransports.Count > 0 ? E("uri_transports", h.MigrationTransports.Select(t => E("uri_transport", t))) : null)
            : null,
        h.Cells.Count > 0
            ? E("topology", E("cells", new XAttribute("num", h.Cells.Count), h.Cells.Select(Cell)))
            : null,
        h.SecurityModels.Select(s => E("secmodel",
            E("model", s.Model), E("doi", s.Doi),
            s.BaseLabels.Select(b => E("baselabel", new XAttribute("type", b.Type), b.Label)))));

    private static XElement Cpu(HostCpu c) => E("cpu",
        E("arch", c.Arch),
        Text("model", c.Model),
        Text("vendor", c.Vendor),
        c.Microcode is { } mc ? E("microcode", new XAttribute("version", mc)) : null,
        c.Signature is { } sig
            ? E("signature", new XAttribute("family", sig.Family), new XAttribute("model", sig.Model), new XAttribute("stepping", sig.Stepping))
            : null,
        c.Topology is { } t
            ? E("topology", new XAttribute("sockets", t.Sockets), new XAttribute("dies", t.Dies),
                new XAttribute("cores", t.Cores), new XAttribute("threads", t.Threads))
            : null,
        c.MaxPhysAddrBits is { } bits ? E("maxphysaddr", new XAttribute("mode", "emulate"), new XAttribute("bits", bits)) : null,
        c.Features.Select(f => E("feature", new XAttribute("name", f))),
        c.PageSizesKiB.Select(p => E("pages", new XAttribute("unit", "KiB"), new XAttribute("size", p))));

    private static XElement Cell(NumaCell c) => E("cell",
        new XAttribute("id", c.Id),
        c.MemoryKiB is { } m ? E("memory", new XAttribute("unit", "KiB"), m) : null,
        c.Pages.Select(p => E("pages", new XAttribute("unit", "KiB"), new XAttribute("size", p.SizeKiB), p.Count)),
        c.Distances.Count > 0
            ? E("distances", c.Distances.Select(d => E("sibling", new XAttribute("id", d.Sibling), new XAttribute("value", d.Value))))
            : null,
        E("cpus", new XAttribute("num", c.Cpus.Count), c.Cpus.Select(CellCpu)));

    private static XElement CellCpu(NumaCpu c)
    {
        var e = E("cpu", new XAttribute("id", c.Id));
        // The schema wants all four location attributes or none.
        if (c is { SocketId: { } s, DieId: { } d, CoreId: { } core, Siblings: { } sib })
            e.Add(new XAttribute("socket_id", s), new XAttribute("die_id", d), new XAttribute("core_id", core), new XAttribute("siblings", sib));
        return e;
    }

    private static XElement Guest(GuestCapability g) => E("guest",
        E("os_type", g.OsType),
        E("arch", new XAttribute("name", g.Arch),
            E("wordsize", g.WordSize),
            Text("emulator", g.Emulator),
            g.Machines.Select(Machine),
            g.DomainTypes.Select(t => E("domain", new XAttribute("type", t)))),
        g.Features.Count > 0 ? E("features", g.Features.Select(Feature)) : null);

    private static XElement Machine(MachineType m) => E("machine",
        m.Canonical is { } c ? new XAttribute("canonical", c) : null,
        m.MaxCpus is { } n ? new XAttribute("maxCpus", n) : null,
        m.Deprecated ? new XAttribute("deprecated", "yes") : null,
        m.Name);

    private static XElement Feature(GuestFeature f) => E(f.Name,
        f.DefaultOn is { } d ? new XAttribute("default", d ? "on" : "off") : null,
        f.Toggle is { } t ? new XAttribute("toggle", t ? "yes" : "no") : null);
}
