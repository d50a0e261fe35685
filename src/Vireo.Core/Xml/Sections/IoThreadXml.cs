using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>
/// &lt;iothreadids&gt;&lt;iothread id='N' thread_pool_min='..' thread_pool_max='..'/&gt;...&lt;/iothreadids&gt; both ways
/// (the count, &lt;iothreads&gt;, is plain text). The pool bounds are libvirt 9.0's only other attributes in QEMU use.
/// </summary>
internal static class IoThreadXml
{
    public static IReadOnlyList<IoThreadIdDef>? ParseIds(XmlNode? n) =>
        n?.Children("iothread").Select(t => new IoThreadIdDef(t.RequiredUInt("id"), t.NonNegativeInt("thread_pool_min"), t.NonNegativeInt("thread_pool_max"))).ToList();

    public static XElement? FormatIds(IReadOnlyList<IoThreadIdDef>? ids) => ids is null or { Count: 0 } ? null :
        E("iothreadids", ids.Select(t => E("iothread", A("id", t.Id), A("thread_pool_min", t.ThreadPoolMin), A("thread_pool_max", t.ThreadPoolMax))));
}
