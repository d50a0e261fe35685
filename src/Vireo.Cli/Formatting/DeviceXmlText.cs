using System.Security;
using System.Text;
using System.Xml.Linq;

namespace Vireo.Cli.Formatting;

/// <summary>
/// The device XML virsh builds for attach-disk and attach-interface (its --print-xml layout: single
/// quotes, two-space indentation), and the lookups it makes in the domain XML for detach-disk,
/// detach-interface and domif-*. Pure.
/// </summary>
public static class DeviceXmlText
{
    public sealed record DiskOptions
    {
        public required string Source { get; init; }
        public required string Target { get; init; }
        public bool Block { get; init; }
        public string? Device { get; init; }
        public string? Driver { get; init; }
        public string? Subdriver { get; init; }
        public string? Cache { get; init; }
        public string? TargetBus { get; init; }
        public string? Mode { get; init; }
        public string? Serial { get; init; }
    }

    public static string Disk(DiskOptions o)
    {
        var sb = new StringBuilder();
        sb.Append($"<disk type='{(o.Block ? "block" : "file")}'");
        if (o.Device is { } device && device != "disk") sb.Append($" device='{Esc(device)}'");
        sb.Append(">\n");
        if (o.Driver is not null || o.Subdriver is not null || o.Cache is not null)
        {
            sb.Append("  <driver");
            if (o.Driver is { } d) sb.Append($" name='{Esc(d)}'");
            if (o.Subdriver is { } s) sb.Append($" type='{Esc(s)}'");
            if (o.Cache is { } c) sb.Append($" cache='{Esc(c)}'");
            sb.Append("/>\n");
        }
        sb.Append($"  <source {(o.Block ? "dev" : "file")}='{Esc(o.Source)}'/>\n");
        sb.Append($"  <target dev='{Esc(o.Target)}'{(o.TargetBus is { } bus ? $" bus='{Esc(bus)}'" : "")}/>\n");
        if (o.Mode == "readonly") sb.Append("  <readonly/>\n");
        if (o.Mode == "shareable") sb.Append("  <shareable/>\n");
        if (o.Serial is { } serial) sb.Append($"  <serial>{Esc(serial)}</serial>\n");
        return sb.Append("</disk>\n").ToString();
    }

    /// <summary>The interface XML, or null when virsh has no support for the type in attach-interface.</summary>
    public static string? Interface(string type, string source, string? target, string? mac, string? model, string? sourceMode, string? alias)
    {
        var sourceElement = type switch
        {
            "network" => $"  <source network='{Esc(source)}'/>\n",
            "bridge" => $"  <source bridge='{Esc(source)}'/>\n",
            "direct" => sourceMode is null ? $"  <source dev='{Esc(source)}'/>\n" : $"  <source dev='{Esc(source)}' mode='{Esc(sourceMode)}'/>\n",
            "user" => "",
            _ => null,
        };
        if (sourceElement is null) return null;
        var sb = new StringBuilder($"<interface type='{type}'>\n").Append(sourceElement);
        if (target is not null) sb.Append($"  <target dev='{Esc(target)}'/>\n");
        if (mac is not null) sb.Append($"  <mac address='{Esc(mac)}'/>\n");
        if (alias is not null) sb.Append($"  <alias name='{Esc(alias)}'/>\n");
        if (model is not null) sb.Append($"  <model type='{Esc(model)}'/>\n");
        return sb.Append("</interface>\n").ToString();
    }

    /// <summary>detach-disk's lookup: the disk whose target or source path is the given text.</summary>
    public static XElement? FindDisk(string domainXml, string targetOrSource) =>
        Devices(domainXml, "disk").FirstOrDefault(d =>
            d.Element("target")?.Attribute("dev")?.Value == targetOrSource ||
            d.Element("source")?.Attributes().Any(a => a.Name.LocalName is "file" or "dev" or "dir" && a.Value == targetOrSource) == true);

    /// <summary>detach-interface's lookup: interfaces of the type, narrowed to the MAC when one is given.</summary>
    public static IReadOnlyList<XElement> FindInterfaces(string domainXml, string type, string? mac) =>
        Devices(domainXml, "interface").Where(i => i.Attribute("type")?.Value == type)
            .Where(i => mac is null || string.Equals(i.Element("mac")?.Attribute("address")?.Value, mac, StringComparison.OrdinalIgnoreCase))
            .ToList();

    /// <summary>domif-*'s lookup: the interface whose host device (target dev) or MAC is the given text.</summary>
    public static XElement? FindInterface(string domainXml, string deviceOrMac) =>
        Devices(domainXml, "interface").FirstOrDefault(i =>
            i.Element("target")?.Attribute("dev")?.Value == deviceOrMac ||
            string.Equals(i.Element("mac")?.Attribute("address")?.Value, deviceOrMac, StringComparison.OrdinalIgnoreCase));

    /// <summary>The interface with its &lt;link state&gt; set, as the XML update-device gets.</summary>
    public static string WithLinkState(XElement nic, string state)
    {
        var copy = new XElement(nic);
        var link = copy.Element("link");
        if (link is null)
        {
            link = new XElement("link");
            copy.Add(link);
        }
        link.SetAttributeValue("state", state);
        return copy.ToString();
    }

    public static string LinkState(XElement nic) => nic.Element("link")?.Attribute("state")?.Value ?? "up";

    private static IEnumerable<XElement> Devices(string domainXml, string kind) =>
        XDocument.Parse(domainXml).Root?.Element("devices")?.Elements(kind) ?? [];

    private static string Esc(string text) => SecurityElement.Escape(text);
}
