using System.Xml;
using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>How DomainXml.Format writes a definition.</summary>
public sealed record DomainXmlFormatOptions
{
    /// <summary>Include secrets such as graphics passwords (VIR_DOMAIN_XML_SECURE).</summary>
    public bool Secure { get; init; }

    /// <summary>The running domain's id, written as the id attribute of the root (live XML only).</summary>
    public int? Id { get; init; }
}

/// <summary>
/// libvirt domain XML to DomainDef and back. Parse is exact and refuses (ConfigUnsupported) any element,
/// attribute or text it does not carry; defaults are a separate step (DomainDefaults) so a complete
/// document round-trips unchanged. Format writes libvirt's layout: element and attribute order,
/// two-space indentation, single quotes, sizes in KiB.
/// </summary>
public static class DomainXml
{
    public static DomainDef Parse(string xml)
    {
        var root = LoadDomain(xml);
        var scope = new ParseScope("the domain");
        var def = ParseElement(scope.Wrap(root), scope);
        scope.EnsureAllConsumed(root);
        // libvirt's parser checks this before any default could add a serial port.
        if (def.Os.Bios?.UseSerial == YesNo.Yes && def.Devices.Serials.Count == 0)
            throw VirErrors.Xml("need at least one serial port to use BIOS serial output");
        return def;
    }

    public static string Format(DomainDef def, bool secure = false) =>
        Format(def, new DomainXmlFormatOptions { Secure = secure });

    public static string Format(DomainDef def, DomainXmlFormatOptions options) =>
        LibvirtXmlWriter.Write(FormatElement(def, "domain", options));

    /// <summary>The document's &lt;domain&gt; root, read but not parsed: refused when malformed or another element.</summary>
    public static XElement LoadDomain(string xml)
    {
        var root = Load(xml, "domain XML");
        if (root.Name != "domain")
            throw VirErrors.WrongRoot("domain", root.Name.LocalName);
        return root;
    }

    /// <summary>Reads a document with DTDs refused (no entity expansion) and line numbers for errors.</summary>
    internal static XElement Load(string xml, string what)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader, LoadOptions.PreserveWhitespace | LoadOptions.SetLineInfo).Root
                ?? throw VirErrors.Xml($"the {what} has no root element");
        }
        catch (XmlException e)
        {
            throw XmlErrors.Malformed(e, what);
        }
    }

    /// <summary>Parses a &lt;domain&gt; (or a snapshot's &lt;domain&gt;/&lt;inactiveDomain&gt;) element.</summary>
    internal static DomainDef ParseElement(XmlNode n, ParseScope scope)
    {
        var type = n.Attr("type") ?? throw VirErrors.Internal("missing domain type attribute", VirErrorDomain.Domain);
        if (!DomainTypes.All.Contains(type))
            throw VirErrors.Unsupported($"domain type '{type}' is not supported by Vireo; expected one of: {string.Join(", ", DomainTypes.All)}");
        _ = n.Attr("id"); // the runtime id of live XML: accepted and ignored, as libvirt does on define
        var name = n.Child("name")?.Text();
        if (string.IsNullOrEmpty(name)) throw new VirException(VirErrorCode.NoName, VirErrorDomain.Domain, "");
        if (name.Contains('/')) throw VirErrors.Xml($"name {name} cannot contain '/'");
        var owner = $"domain '{name}'";
        scope.Owner = owner;

        var devices = n.Child("devices");
        var vcpu = CpuTuningXml.ParseVcpu(n.Child("vcpu"));
        var vcpuSlots = VcpusXml.Parse(n.Child("vcpus"), vcpu, owner);
        return new DomainDef
        {
            Type = type,
            Name = name,
            Uuid = ParseUuid(n.Child("uuid"), owner) ?? Guid.Empty,
            GenId = n.Child("genid") is { } genid ? new GenerationId(ParseUuid(genid, owner)) : null,
            Title = n.ChildText("title"),
            Description = n.ChildText("description"),
            Metadata = MiscXml.ParseMetadata(n.Child("metadata")),
            MaxMemory = MemoryXml.ParseMaxMemory(n.Child("maxMemory")),
            Memory = n.Child("memory")?.MemoryText(),
            CurrentMemory = n.Child("currentMemory")?.MemoryText(),
            BlkioTune = MemoryXml.ParseBlkioTune(n.Child("blkiotune")),
            MemTune = MemoryXml.ParseMemTune(n.Child("memtune")),
            MemoryBacking = MemoryXml.ParseMemoryBacking(n.Child("memoryBacking")),
            Vcpu = VcpusXml.WithEnabledCount(vcpu, vcpuSlots),
            VcpuSlots = vcpuSlots,
            IoThreads = n.ChildUInt("iothreads"),
            IoThreadIds = IoThreadXml.ParseIds(n.Child("iothreadids")),
            CpuTune = CpuTuningXml.ParseCpuTune(n.Child("cputune")),
            NumaTune = CpuTuningXml.ParseNumaTune(n.Child("numatune")),
            Resource = MiscXml.ParseResource(n.Child("resource")),
            Os = OsXml.Parse(n.Child("os") ?? throw new VirException(VirErrorCode.NoOs, VirErrorDomain.Domain, owner)),
            IdMap = MiscXml.ParseIdMap(n.Child("idmap")),
            Features = FeaturesXml.Parse(n.Child("features")),
            Cpu = CpuXml.Parse(n.Child("cpu")),
            Clock = ClockXml.Parse(n.Child("clock")),
            OnPoweroff = MiscXml.ParseLifecycle(n.Child("on_poweroff"), crash: false, owner),
            OnReboot = MiscXml.ParseLifecycle(n.Child("on_reboot"), crash: false, owner),
            OnCrash = MiscXml.ParseLifecycle(n.Child("on_crash"), crash: true, owner),
            Pm = MiscXml.ParsePm(n.Child("pm")),
            Perf = PerfXml.Parse(n.Child("perf")),
            Devices = devices is null ? new DevicesDef() : DevicesXml.Parse(devices, owner),
            SecLabels = n.Children("seclabel").Select(s => MiscXml.ParseSecLabel(s, owner)).ToList(),
        };
    }

    /// <summary>
    /// A &lt;uuid&gt; (or &lt;genid&gt;): null when absent or empty, so DomainDefaults can generate one.
    /// Like libvirt, dashes may be left out.
    /// </summary>
    private static Guid? ParseUuid(XmlNode? n, string owner)
    {
        if (n is null) return null;
        var text = n.Text().Trim();
        if (text.Length == 0) return null;
        return Guid.TryParse(text, out var uuid)
            ? uuid
            : throw VirErrors.Xml($"invalid UUID '{text}' in <{n.Name}> of {owner}");
    }

    internal static XElement FormatElement(DomainDef d, string rootName, DomainXmlFormatOptions options) => E(rootName,
        A("type", d.Type), A("id", options.Id),
        E("name", d.Name),
        d.Uuid == Guid.Empty ? null : E("uuid", d.Uuid.ToString("D")),
        d.GenId is { } g ? E("genid", g.Value?.ToString("D")) : null,
        Text("title", d.Title),
        Text("description", d.Description),
        MiscXml.FormatMetadata(d.Metadata),
        MemoryXml.FormatMaxMemory(d.MaxMemory),
        MemoryXml.Size("memory", d.Memory),
        MemoryXml.Size("currentMemory", d.CurrentMemory),
        MemoryXml.FormatBlkioTune(d.BlkioTune),
        MemoryXml.FormatMemTune(d.MemTune),
        MemoryXml.FormatMemoryBacking(d.MemoryBacking),
        CpuTuningXml.FormatVcpu(d.Vcpu),
        VcpusXml.Format(d.VcpuSlots),
        Text("iothreads", d.IoThreads),
        IoThreadXml.FormatIds(d.IoThreadIds),
        CpuTuningXml.FormatCpuTune(d.CpuTune),
        CpuTuningXml.FormatNumaTune(d.NumaTune),
        MiscXml.FormatResource(d.Resource),
        OsXml.Format(d.Os),
        MiscXml.FormatIdMap(d.IdMap),
        FeaturesXml.Format(d.Features),
        CpuXml.Format(d.Cpu),
        ClockXml.Format(d.Clock),
        MiscXml.FormatLifecycle("on_poweroff", d.OnPoweroff),
        MiscXml.FormatLifecycle("on_reboot", d.OnReboot),
        MiscXml.FormatLifecycle("on_crash", d.OnCrash),
        MiscXml.FormatPm(d.Pm),
        PerfXml.Format(d.Perf),
        DevicesXml.Format(d.Devices, options.Secure),
        d.SecLabels.Select(MiscXml.FormatSecLabel));
}
