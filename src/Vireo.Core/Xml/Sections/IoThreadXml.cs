using System.Xml.Linq;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>&lt;iothreadids&gt;&lt;iothread id='N'/&gt;...&lt;/iothreadids&gt; both ways (the count, &lt;iothreads&gt;, is plain text).</summary>
internal static class IoThreadXml
{
    /// <summary>The ids in document order; libvirt's schema allows no other attribute in 9.0's QEMU use.</summary>
    public static IReadOnlyList<uint>? ParseIds(XmlNode? n) =>
        n?.Children("iothread").Select(t => t.RequiredUInt("id")).ToList();

    public static XElement? FormatIds(IReadOnlyList<uint>? ids) => ids is null or { Count: 0 } ? null :
        E("iothreadids", ids.Select(id => E("iothread", A("id", id))));
}
