using System.Globalization;
using System.Xml.Linq;
using Vireo.Core.Domain;

namespace Vireo.Core.Xml;

/// <summary>
/// A read-tracking view of one element: typed accessors for attributes, children and text that both
/// convert (with whole-sentence errors naming the element and the document) and mark what was consumed.
/// </summary>
internal sealed class XmlNode
{
    private readonly ParseScope scope;
    private readonly HashSet<XName> used = [];

    public XmlNode(ParseScope scope, XElement element)
    {
        this.scope = scope;
        Element = element;
    }

    public XElement Element { get; }
    public string Name => Element.Name.LocalName;
    public bool TextUsed { get; private set; }

    /// <summary>Set for elements kept verbatim (metadata): their subtree is not checked.</summary>
    public bool Opaque { get; set; }

    public bool UsedAttribute(XName name) => used.Contains(name);

    private string Where => $"<{Name}> in {scope.Owner}";

    // ---- attributes ----

    public string? Attr(string name)
    {
        var attribute = Element.Attribute(name);
        if (attribute is null) return null;
        used.Add(attribute.Name);
        return attribute.Value;
    }

    public string RequiredAttr(string name) =>
        Attr(name) ?? throw XmlErrors.Missing($"attribute '{name}' is missing from {Where}");

    public T? Enum<T>(string name) where T : struct, System.Enum
    {
        var text = Attr(name);
        if (text is null) return null;
        return XmlNames.TryParse<T>(text, out var value)
            ? value
            : throw XmlErrors.UnknownValue(text, $"attribute '{name}' of <{Name}>", scope.Owner, XmlNames.All<T>());
    }

    public T RequiredEnum<T>(string name) where T : struct, System.Enum =>
        Enum<T>(name) ?? throw XmlErrors.Missing($"attribute '{name}' is missing from {Where}");

    /// <summary>A string attribute that must be one of a fixed list (e.g. controller models).</summary>
    public string? OneOf(string name, IReadOnlyList<string> allowed)
    {
        var text = Attr(name);
        if (text is null || allowed.Contains(text)) return text;
        throw XmlErrors.UnknownValue(text, $"attribute '{name}' of <{Name}>", scope.Owner, allowed);
    }

    public string RequiredOneOf(string name, IReadOnlyList<string> allowed) =>
        OneOf(name, allowed) ?? throw XmlErrors.Missing($"attribute '{name}' is missing from {Where}");

    public uint? UInt(string name) => Number(Attr(name), $"attribute '{name}' of {Where}", s => ParseUInt(s));
    public ulong? ULong(string name) => Number(Attr(name), $"attribute '{name}' of {Where}", s => ParseULong(s));
    public int? Int(string name) => Number<int>(Attr(name), $"attribute '{name}' of {Where}", s => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (int?)null);

    /// <summary>An attribute libvirt reads as a non-negative int (0 to INT_MAX).</summary>
    public int? NonNegativeInt(string name) =>
        (int?)Number<uint>(Attr(name), $"attribute '{name}' of {Where}", s => ParseUInt(s) is { } v && v <= int.MaxValue ? v : null);

    public uint RequiredUInt(string name) => UInt(name) ?? throw XmlErrors.Missing($"attribute '{name}' is missing from {Where}");

    /// <summary>An attribute written in hex (0x1f) or decimal, as PCI addresses are.</summary>
    public uint? HexOrDecimal(string name) => Number(Attr(name), $"attribute '{name}' of {Where}", s => ParseUInt(s, allowHex: true));

    public CpuSet? CpuSet(string name)
    {
        var text = Attr(name);
        if (text is null) return null;
        return Domain.CpuSet.TryParse(text, out var set, out var error)
            ? set
            : throw XmlErrors.BadValue($"invalid CPU set '{text}' in attribute '{name}' of {Where}: {error}");
    }

    public NodeSet? NodeSet(string name)
    {
        var text = Attr(name);
        if (text is null) return null;
        return Domain.NodeSet.TryParse(text, out var set, out var error)
            ? set
            : throw XmlErrors.BadValue($"invalid node set '{text}' in attribute '{name}' of {Where}: {error}");
    }

    /// <summary>A memory amount held in an attribute, with its unit in another attribute (numa cells, hugepages).</summary>
    public MemorySize? MemoryAttr(string name, string unitAttr)
    {
        var text = Attr(name);
        var unit = Attr(unitAttr);
        if (text is null) return null;
        return MemorySize.TryParse(text, unit, out var size, out var error)
            ? size
            : throw XmlErrors.BadValue($"invalid memory size in attribute '{name}' of {Where}: {error}");
    }

    // ---- children ----

    /// <summary>The single child of that name, or null; two of them is an error.</summary>
    public XmlNode? Child(string name)
    {
        XElement? found = null;
        foreach (var element in Element.Elements(name))
        {
            if (found is not null)
                throw XmlErrors.BadValue($"element <{name}> appears more than once in {Where}");
            found = element;
        }
        return found is null ? null : scope.Wrap(found);
    }

    public XmlNode RequiredChild(string name) =>
        Child(name) ?? throw XmlErrors.Missing($"element <{name}> is missing from {Where}");

    public IEnumerable<XmlNode> Children(string name) => Element.Elements(name).Select(scope.Wrap).ToList();

    /// <summary>An empty marker element such as &lt;readonly/&gt;.</summary>
    public bool Flag(string name) => Child(name) is not null;

    public string? ChildText(string name) => Child(name)?.Text();

    public uint? ChildUInt(string name) => Child(name)?.UIntText();
    public ulong? ChildULong(string name) => Child(name)?.ULongText();
    public long? ChildLong(string name) => Child(name)?.LongText();

    // ---- text ----

    public string Text()
    {
        TextUsed = true;
        return Element.Value;
    }

    public uint UIntText() => Number(Text(), Where, s => ParseUInt(s)) ?? 0;
    public ulong ULongText() => Number(Text(), Where, s => ParseULong(s)) ?? 0;
    public long LongText() => Number<long>(Text(), Where, s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (long?)null) ?? 0;

    /// <summary>The element's text as a memory amount, with its unit attribute (default KiB).</summary>
    public MemorySize MemoryText(string unitAttr = "unit")
    {
        var unit = Attr(unitAttr);
        var text = Text();
        return MemorySize.TryParse(text, unit, out var size, out var error)
            ? size
            : throw XmlErrors.BadValue($"invalid memory size in {Where}: {error}");
    }

    public T EnumText<T>() where T : struct, System.Enum
    {
        var text = Text().Trim();
        return XmlNames.TryParse<T>(text, out var value)
            ? value
            : throw XmlErrors.UnknownValue(text, $"<{Name}>", scope.Owner, XmlNames.All<T>());
    }

    // ---- helpers ----

    private static T? Number<T>(string? text, string what, Func<string, T?> parse) where T : struct
    {
        if (text is null) return null;
        return parse(text.Trim()) ?? throw XmlErrors.BadValue($"invalid value '{text}' for {what}: expected {Expected<T>()}");
    }

    private static string Expected<T>() => typeof(T) == typeof(int) || typeof(T) == typeof(long)
        ? "an integer in range"
        : "a non-negative integer in range";

    private static uint? ParseUInt(string s, bool allowHex = false)
    {
        if (allowHex && s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return uint.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) ? h : null;
        return uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private static ulong? ParseULong(string s) =>
        ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
