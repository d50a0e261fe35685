using System.Globalization;
using System.Xml.Linq;

namespace Vireo.Core.Xml;

/// <summary>
/// Terse builders for the formatters. A null attribute value or child is simply left out (XElement
/// ignores null content), which keeps each formatter a straight list in libvirt's order.
/// </summary>
internal static class XmlBuild
{
    public static XElement E(string name, params object?[] content) => new(name, content);

    /// <summary>An element that is left out (null) when it would have no attributes and no children.</summary>
    public static XElement? EOpt(string name, params object?[] content)
    {
        var e = new XElement(name, content);
        return e.HasAttributes || e.HasElements || !e.IsEmpty ? e : null;
    }

    public static XElement? Text(string name, string? value) => value is null ? null : new XElement(name, value);

    public static XElement? Text(string name, ulong? value) => value is null ? null : new XElement(name, Invariant(value.Value));

    public static XElement? Text(string name, long? value) => value is null ? null : new XElement(name, value.Value.ToString(CultureInfo.InvariantCulture));

    public static XElement? Flag(string name, bool present) => present ? new XElement(name) : null;

    public static XAttribute? A(string name, string? value) => value is null ? null : new XAttribute(name, value);

    public static XAttribute? A(string name, ulong? value) => value is null ? null : new XAttribute(name, Invariant(value.Value));

    public static XAttribute? A(string name, long? value) => value is null ? null : new XAttribute(name, value.Value.ToString(CultureInfo.InvariantCulture));

    public static XAttribute A<T>(string name, T value) where T : struct, Enum => new(name, value.ToXml());

    public static XAttribute? A<T>(string name, T? value) where T : struct, Enum => value is null ? null : new XAttribute(name, value.Value.ToXml());

    /// <summary>A PCI-style hex attribute: 0x plus a fixed number of digits (libvirt: domain 4, bus/slot 2, function 1).</summary>
    public static XAttribute? Hex(string name, uint? value, int digits) =>
        value is null ? null : new XAttribute(name, "0x" + value.Value.ToString("x" + digits, CultureInfo.InvariantCulture));

    public static string Invariant(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
