using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Vireo.Core.Errors;

namespace Vireo.Core.Storage;

/// <summary>What pool and volume XML parsing share: loading without DTDs, sizes with units, octal modes.</summary>
internal static class StorageXmlReader
{
    /// <summary>The root element; malformed XML is libvirt's VIR_ERR_XML_DETAIL "(DOCUMENT):LINE: message".</summary>
    public static XElement Load(string xml, string document)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo).Root ?? throw StorageErrors.Xml($"the {document} has no root element");
        }
        catch (XmlException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            throw new VirException(VirErrorCode.XmlDetail, VirErrorDomain.Storage, $"({document}):{e.LineNumber}: {message.TrimEnd('.')}");
        }
    }

    public static XElement? Child(this XElement e, string name) => e.Element(name);

    public static string? ChildText(this XElement e, string name) => e.Element(name)?.Value.Trim();

    /// <summary>A size element (&lt;capacity unit='G'&gt;1&lt;/capacity&gt;) in bytes; libvirt's units (powers of 1024, or 1000 for KB/MB/...).</summary>
    public static ulong Size(XElement e, string what)
    {
        var text = e.Value.Trim();
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw StorageErrors.Xml($"malformed {what} element '{text}'");
        var unit = (string?)e.Attribute("unit") ?? "bytes";
        var scale = Scale(unit) ?? throw StorageErrors.Invalid($"unknown suffix '{unit}'");
        if (value > ulong.MaxValue / scale) throw new VirException(VirErrorCode.Overflow, VirErrorDomain.Storage, $"value too large: {text}{unit}");
        return value * scale;
    }

    private static ulong? Scale(string unit)
    {
        if (unit is "" or "b" or "B" or "bytes" or "byte") return 1;
        var lower = unit.ToLowerInvariant();
        var power = lower[0] switch { 'k' => 1, 'm' => 2, 'g' => 3, 't' => 4, 'p' => 5, 'e' => 6, _ => 0 };
        if (power == 0) return null;
        var rest = lower[1..];
        ulong b = rest switch { "" or "ib" => 1024, "b" => 1000, _ => 0 };
        if (b == 0) return null;
        ulong s = 1;
        for (var i = 0; i < power; i++) s *= b;
        return s;
    }

    /// <summary>&lt;permissions&gt;: mode in octal, owner and group as numbers (-1: unset), an optional label.</summary>
    public static StoragePermissions? Permissions(XElement? parent)
    {
        var p = parent?.Child("permissions");
        if (p is null) return null;
        uint? mode = null, owner = null, group = null;
        if (p.ChildText("mode") is { } m)
        {
            try { mode = Convert.ToUInt32(m, 8); }
            catch (FormatException) { throw StorageErrors.Xml("malformed octal mode"); }
            catch (OverflowException) { throw StorageErrors.Xml("malformed octal mode"); }
            if (mode > 0xfff) throw StorageErrors.Xml("malformed octal mode");
        }
        owner = Id(p.ChildText("owner"), "owner");
        group = Id(p.ChildText("group"), "group");
        return new StoragePermissions(mode, owner, group, p.ChildText("label"));
    }

    private static uint? Id(string? text, string what)
    {
        if (text is null or "-1") return null;
        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw StorageErrors.Xml($"malformed {what} element");
    }
}
