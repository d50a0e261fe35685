using System.Xml.Linq;
using Vireo.Core.Xml;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Capabilities;

/// <summary>Writes <see cref="DomainCapabilities"/> in libvirt's element order (domaincaps.rng).</summary>
public static class DomainCapabilitiesXml
{
    public static string Format(DomainCapabilities c) => LibvirtXmlWriter.Write(E("domainCapabilities",
        E("path", c.EmulatorPath),
        E("domain", c.DomainType),
        Text("machine", c.Machine),
        E("arch", c.Arch),
        c.MaxVcpus is { } max ? E("vcpu", new XAttribute("max", max)) : null,
        c.IoThreads is { } io ? E("iothreads", Supported(io)) : null,
        c.Os is { } os ? E("os", Supported(os.Supported), Enums(os.Enums), Loader(c.Loader)) : null,
        c.Cpu is { } cpu ? Cpu(cpu) : null,
        c.MemoryBacking is { } mb ? E("memoryBacking", Supported(mb.Supported), Enums(mb.Enums)) : null,
        c.Devices.Count > 0 ? E("devices", c.Devices.Select(Named)) : null,
        c.Features.Count > 0 ? E("features", c.Features.Select(Named)) : null));

    private static XElement? Loader(LoaderCapability? l) => l is null ? null : E("loader",
        Supported(l.Supported), l.Paths.Select(p => E("value", p)), Enums(l.Enums));

    private static XElement Cpu(CpuModes m) => E("cpu",
        E("mode", new XAttribute("name", "host-passthrough"), Supported(m.HostPassthrough)),
        E("mode", new XAttribute("name", "maximum"), Supported(m.Maximum)),
        E("mode", new XAttribute("name", "host-model"), Supported(m.HostModel),
            m.HostModel && m.HostModelName is { } name ? E("model", new XAttribute("fallback", "forbid"), name) : null,
            m.HostModel && m.HostModelName is not null && m.HostModelVendor is { } vendor ? E("vendor", vendor) : null),
        E("mode", new XAttribute("name", "custom"), Supported(m.Custom),
            m.CustomModels.Select(cm => E("model",
                new XAttribute("usable", cm.Usable),
                cm.Deprecated ? new XAttribute("deprecated", "yes") : null,
                new XAttribute("vendor", cm.Vendor),
                cm.Name))));

    private static XElement Named(NamedCapability n) => E(n.Name, Supported(n.Supported), Enums(n.Enums));

    private static XAttribute Supported(bool yes) => new("supported", yes ? "yes" : "no");

    private static IEnumerable<XElement> Enums(IReadOnlyList<CapabilityEnum> enums) =>
        enums.Select(e => E("enum", new XAttribute("name", e.Name), e.Values.Select(v => E("value", v))));
}
