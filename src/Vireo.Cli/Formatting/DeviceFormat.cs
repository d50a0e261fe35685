using System.Xml.Linq;

namespace Vireo.Cli.Formatting;

/// <summary>domblklist and domiflist: tables read from the domain XML, as virsh builds them.</summary>
public static class DeviceFormat
{
    public static string BlockList(string domainXml, bool details)
    {
        var disks = XDocument.Parse(domainXml).Root?.Element("devices")?.Elements("disk") ?? [];
        var rows = disks.Select(d =>
        {
            var target = d.Element("target")?.Attribute("dev")?.Value ?? "-";
            var source = DiskSource(d.Element("source")) ?? "-";
            return details
                ? (IReadOnlyList<string>)[d.Attribute("type")?.Value ?? "-", d.Attribute("device")?.Value ?? "disk", target, source]
                : [target, source];
        }).ToList();
        return details
            ? VshTable.Format(["Type", "Device", "Target", "Source"], rows)
            : VshTable.Format(["Target", "Source"], rows);
    }

    /// <summary>The disk's source the way virsh names it: file, dev, dir, name (network), or pool/volume.</summary>
    private static string? DiskSource(XElement? source)
    {
        if (source is null) return null;
        foreach (var attr in new[] { "file", "dev", "dir", "name" })
            if (source.Attribute(attr)?.Value is { Length: > 0 } v) return v;
        if (source.Attribute("pool")?.Value is { } pool && source.Attribute("volume")?.Value is { } volume)
            return $"{pool}/{volume}";
        return null;
    }

    public static string InterfaceList(string domainXml)
    {
        var nics = XDocument.Parse(domainXml).Root?.Element("devices")?.Elements("interface") ?? [];
        var rows = nics.Select(n =>
        {
            var type = n.Attribute("type")?.Value ?? "-";
            var src = n.Element("source");
            var source = src?.Attribute("bridge")?.Value ?? src?.Attribute("network")?.Value ?? src?.Attribute("dev")?.Value
                ?? src?.Attribute("path")?.Value ?? "-";
            return (IReadOnlyList<string>)
            [
                n.Element("target")?.Attribute("dev")?.Value ?? "-",
                type,
                source,
                n.Element("model")?.Attribute("type")?.Value ?? "-",
                n.Element("mac")?.Attribute("address")?.Value ?? "-",
            ];
        });
        return VshTable.Format(["Interface", "Type", "Source", "Model", "MAC"], rows);
    }
}
