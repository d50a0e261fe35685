using System.Globalization;
using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>
/// &lt;bandwidth&gt; both ways, for interfaces and networks, with libvirt's rules and sentences: a rate
/// needs average (or, inbound only, floor); peak and burst need average; floor only inbound and only where
/// the caller allows it (interfaces of type network, networks); one &lt;inbound&gt; and one &lt;outbound&gt;.
/// A &lt;bandwidth&gt; with neither is dropped, as libvirt drops it. Pure.
/// </summary>
public static class BandwidthXml
{
    /// <summary>Parses one &lt;bandwidth&gt; element given as its attribute reader and its children.</summary>
    /// <param name="attr">Reads an attribute of an element (and marks it read, for the domain parser).</param>
    public static BandwidthDef? Parse<TNode>(TNode bandwidth, Func<TNode, string, string?> attr, Func<TNode, string, IReadOnlyList<TNode>> children, bool allowFloor)
    {
        if (attr(bandwidth, "classID") is not null)
            throw new VirException(VirErrorCode.XmlDetail, VirErrorDomain.None, "classID attribute not supported on <bandwidth> in this usage context");
        var inbound = One(children(bandwidth, "inbound"), "inbound");
        var outbound = One(children(bandwidth, "outbound"), "outbound");
        var @in = inbound is null ? null : ParseRate(inbound, attr);
        if (@in?.Floor is > 0 && !allowFloor)
            throw Unsupported("floor attribute is not supported for this config");
        var @out = outbound is null ? null : ParseRate(outbound, attr);
        if (@out?.Floor is > 0)
            throw Unsupported("'floor' attribute allowed only in <inbound> element");
        return @in is null && @out is null ? null : new BandwidthDef(@in, @out);
    }

    /// <summary>&lt;bandwidth&gt; of a libvirt network definition (read with LINQ to XML).</summary>
    public static BandwidthDef? Parse(XElement? bandwidth) => bandwidth is null ? null : Parse(bandwidth,
        static (e, name) => (string?)e.Attribute(name), static (e, name) => e.Elements(name).ToList(), allowFloor: true);

    internal static BandwidthDef? Parse(XmlNode? bandwidth, bool allowFloor) => bandwidth is null ? null :
        Parse(bandwidth, static (n, name) => n.Attr(name), static (n, name) => n.Children(name).ToList(), allowFloor);

    private static TNode? One<TNode>(IReadOnlyList<TNode> nodes, string name) => nodes.Count switch
    {
        0 => default,
        1 => nodes[0],
        _ => throw new VirException(VirErrorCode.XmlDetail, VirErrorDomain.None, $"Only one child <{name}> element allowed"),
    };

    private static BandwidthRateDef ParseRate<TNode>(TNode rate, Func<TNode, string, string?> attr)
    {
        string? average = attr(rate, "average"), peak = attr(rate, "peak"), burst = attr(rate, "burst"), floor = attr(rate, "floor");
        if (average is null && floor is null)
            throw new VirException(VirErrorCode.XmlDetail, VirErrorDomain.None, "Missing mandatory average or floor attributes");
        var a = Number(average, "average");
        if ((peak is not null || burst is not null) && average is null)
            throw Unsupported("'peak' and 'burst' require 'average' attribute");
        return new BandwidthRateDef { Average = a, Peak = Number(peak, "peak"), Burst = Number(burst, "burst"), Floor = Number(floor, "floor") };
    }

    private static ulong? Number(string? text, string what)
    {
        if (text is null) return null;
        return ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw Unsupported($"could not convert bandwidth {what} value '{text}'");
    }

    private static VirException Unsupported(string message) => new(VirErrorCode.ConfigUnsupported, VirErrorDomain.None, message);

    /// <summary>libvirt's order (average, peak, floor, burst); a rate with neither average nor floor is left out, zeros are not written.</summary>
    public static XElement? Format(BandwidthDef? b)
    {
        if (b is null) return null;
        var inbound = FormatRate("inbound", b.Inbound);
        var outbound = FormatRate("outbound", b.Outbound);
        return inbound is null && outbound is null ? null : E("bandwidth", inbound, outbound);
    }

    private static XElement? FormatRate(string name, BandwidthRateDef? r) => r is null || (r.Average is null or 0 && r.Floor is null or 0) ? null :
        E(name, A("average", NonZero(r.Average)), A("peak", NonZero(r.Peak)), A("floor", NonZero(r.Floor)), A("burst", NonZero(r.Burst)));

    private static ulong? NonZero(ulong? v) => v is 0 ? null : v;
}
