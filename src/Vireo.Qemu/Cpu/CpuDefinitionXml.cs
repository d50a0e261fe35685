using System.Text;
using System.Xml;
using System.Xml.Linq;
using Vireo.Core.Errors;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Cpu;

/// <summary>
/// Reads a &lt;cpu&gt; as libvirt 9.0's CPU XML parser does for cpu-compare and cpu-baseline, with its refusals
/// (code, domain and sentence), and writes a baseline CPU as libvirtd prints it. Pure.
/// </summary>
public static class CpuDefinitionXml
{
    private static readonly string[] Modes = ["custom", "host-model", "host-passthrough", "maximum"];
    private static readonly string[] Matches = ["minimum", "exact", "strict"];

    /// <summary>A host CPU when it has an &lt;arch&gt;, else a guest CPU (libvirt's VIR_CPU_TYPE_AUTO).</summary>
    public static CpuDefinition Parse(string xml) => Parse(xml, requireHost: false);

    /// <summary>A CPU that must be a host CPU (cpu-baseline's inputs: architecture and model required).</summary>
    public static CpuDefinition ParseHost(string xml) => Parse(xml, requireHost: true);

    private static CpuDefinition Parse(string xml, bool requireHost)
    {
        var root = Load(xml);
        if (root.Name.LocalName != "cpu")
            throw Xml("XML does not contain expected 'cpu' element");
        var arch = Text(root, "arch");
        var type = requireHost || arch is not null ? CpuDefinitionType.Host : CpuDefinitionType.Guest;
        var match = "exact";
        if (type == CpuDefinitionType.Guest)
        {
            if ((string?)root.Attribute("mode") is { } mode && !Modes.Contains(mode))
                throw new VirException(VirErrorCode.ConfigUnsupported, VirErrorDomain.Cpu, $"Invalid mode attribute '{mode}'");
            if ((string?)root.Attribute("match") is { } m)
            {
                // libvirt reads this attribute with its generic enum helper, which reports from the XML domain.
                if (!Matches.Contains(m))
                    throw new VirException(VirErrorCode.XmlError, VirErrorDomain.Xml, $"Invalid value for attribute 'match' in element 'cpu': '{m}'.");
                match = m;
            }
        }
        else if (root.Attribute("mode") is not null)
            throw new VirException(VirErrorCode.ConfigUnsupported, VirErrorDomain.Cpu, "Attribute mode is only allowed for guest CPU");

        if (type == CpuDefinitionType.Host)
        {
            if (arch is null) throw Xml("Missing CPU architecture");
            if (CpuModelCatalog.For(arch).Answer == CpuModelAnswer.UnknownArch)
                throw new VirException(VirErrorCode.ConfigUnsupported, VirErrorDomain.Cpu, $"Unknown architecture {arch}");
        }
        var model = Text(root, "model");
        var vendor = Text(root, "vendor");
        if (type == CpuDefinitionType.Host && model is null) throw Xml("Missing CPU model name");
        if (vendor is not null && model is null) throw Xml("CPU vendor specified without CPU model");

        var features = new List<CpuFeatureRequest>();
        foreach (var f in root.Elements("feature"))
        {
            var name = (string?)f.Attribute("name");
            if (string.IsNullOrEmpty(name)) throw Xml("Invalid CPU feature name");
            CpuFeaturePolicy? policy = null;
            if (type == CpuDefinitionType.Guest)
            {
                var text = (string?)f.Attribute("policy") ?? "require";
                policy = Enum.TryParse<CpuFeaturePolicy>(text, ignoreCase: true, out var p) && text == text.ToLowerInvariant()
                    ? p
                    : throw new VirException(VirErrorCode.ConfigUnsupported, VirErrorDomain.Cpu, $"Invalid CPU feature policy '{text}'");
            }
            features.Add(new CpuFeatureRequest(name, policy));
        }
        return new CpuDefinition(type, arch, model, vendor, match, features);
    }

    /// <summary>
    /// A baseline (guest) CPU as libvirtd formats it: mode custom, match exact, the model with its fallback, the
    /// vendor, the features with their policies, two-space indented, a newline at the end.
    /// </summary>
    public static string FormatGuest(string model, bool fallbackForbid, string? vendor, IEnumerable<CpuFeatureRequest> features)
    {
        var sb = new StringBuilder("<cpu mode='custom' match='exact'>\n");
        sb.Append("  <model fallback='").Append(fallbackForbid ? "forbid" : "allow").Append("'>").Append(Escape(model)).Append("</model>\n");
        if (vendor is not null) sb.Append("  <vendor>").Append(Escape(vendor)).Append("</vendor>\n");
        foreach (var f in features)
            sb.Append("  <feature policy='").Append(f.Policy.ToString()!.ToLowerInvariant()).Append("' name='").Append(Escape(f.Name)).Append("'/>\n");
        return sb.Append("</cpu>\n").ToString();
    }

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("'", "&apos;");

    private static string? Text(XElement root, string name) => root.Element(name) is { } e ? e.Value.Trim() : null;

    private static VirException Xml(string detail) => new(VirErrorCode.XmlError, VirErrorDomain.Cpu, detail);

    private static XElement Load(string xml)
    {
        // libxml2's own wording for an empty document; other parse errors keep .NET's sentence with libvirt's
        // "(CPU_definition):LINE:" prefix (the code and domain are libvirt's).
        if (string.IsNullOrWhiteSpace(xml))
            throw new VirException(VirErrorCode.XmlDetail, VirErrorDomain.Cpu, "(CPU_definition):1: Document is empty\n(null)\n^");
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader, LoadOptions.SetLineInfo).Root!;
        }
        catch (XmlException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            throw new VirException(VirErrorCode.XmlDetail, VirErrorDomain.Cpu, $"(CPU_definition):{e.LineNumber}: {message.TrimEnd('.')}");
        }
    }
}
