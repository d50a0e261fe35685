using System.Text;
using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>The small top-level sections: metadata, lifecycle actions, &lt;pm&gt;, &lt;resource&gt;, &lt;idmap&gt;, &lt;seclabel&gt;.</summary>
internal static class MiscXml
{
    /// <summary>
    /// Keeps &lt;metadata&gt; children verbatim as canonical XML text: each child carries the declaration of the
    /// namespace it is in (it may have been declared on an ancestor), so the text stands on its own.
    /// </summary>
    public static string? ParseMetadata(XmlNode? n)
    {
        if (n is null) return null;
        n.Opaque = true;
        var sb = new StringBuilder();
        foreach (var child in n.Element.Elements())
        {
            var copy = new XElement(child);
            var ns = child.Name.Namespace;
            if (ns != XNamespace.None && copy.GetPrefixOfNamespace(ns) is null && !HasDefaultNamespace(copy, ns))
            {
                var prefix = child.GetPrefixOfNamespace(ns);
                copy.Add(prefix is null ? new XAttribute("xmlns", ns.NamespaceName) : new XAttribute(XNamespace.Xmlns + prefix, ns.NamespaceName));
            }
            LibvirtXmlWriter.WriteElement(sb, copy, 0, verbatim: true);
        }
        return sb.ToString();
    }

    private static bool HasDefaultNamespace(XElement e, XNamespace ns) =>
        e.Attributes().Any(a => a.IsNamespaceDeclaration && a.Name.Namespace == XNamespace.None && a.Value == ns.NamespaceName);

    public static XElement? FormatMetadata(string? metadata)
    {
        if (metadata is null) return null;
        XElement wrapper;
        try { wrapper = XElement.Parse("<metadata>" + metadata + "</metadata>"); }
        catch (System.Xml.XmlException e) { throw XmlErrors.BadValue($"the domain metadata is not well-formed XML: {e.Message}"); }
        wrapper.AddAnnotation(LibvirtXmlWriter.Verbatim.Instance);
        return wrapper;
    }

    private static readonly LifecycleAction[] NonCrashActions =
        [LifecycleAction.Destroy, LifecycleAction.Restart, LifecycleAction.Preserve, LifecycleAction.RenameRestart];

    public static LifecycleAction? ParseLifecycle(XmlNode? n, bool crash, string owner)
    {
        if (n is null) return null;
        var action = n.EnumText<LifecycleAction>();
        if (!crash && !NonCrashActions.Contains(action))
            throw XmlErrors.UnknownValue(action.ToXml(), $"<{n.Name}>", owner, NonCrashActions.Select(a => a.ToXml()).ToList());
        return action;
    }

    public static XElement? FormatLifecycle(string name, LifecycleAction? action) => action is null ? null : E(name, action.Value.ToXml());

    public static PmDef? ParsePm(XmlNode? n) => n is null ? null :
        new PmDef(n.Child("suspend-to-mem")?.RequiredEnum<YesNo>("enabled"), n.Child("suspend-to-disk")?.RequiredEnum<YesNo>("enabled"));

    public static XElement? FormatPm(PmDef? pm) => pm is null ? null : E("pm",
        pm.SuspendToMem is null ? null : E("suspend-to-mem", A("enabled", pm.SuspendToMem)),
        pm.SuspendToDisk is null ? null : E("suspend-to-disk", A("enabled", pm.SuspendToDisk)));

    public static ResourceDef? ParseResource(XmlNode? n) => n is null ? null : new ResourceDef(n.ChildText("partition"));

    public static XElement? FormatResource(ResourceDef? r) => r is null ? null : E("resource", Text("partition", r.Partition));

    public static IdMapDef? ParseIdMap(XmlNode? n) => n is null ? null : new IdMapDef
    {
        Uids = n.Children("uid").Select(ParseIdMapEntry).ToList(),
        Gids = n.Children("gid").Select(ParseIdMapEntry).ToList(),
    };

    private static IdMapEntry ParseIdMapEntry(XmlNode e) => new(e.RequiredUInt("start"), e.RequiredUInt("target"), e.RequiredUInt("count"));

    public static XElement? FormatIdMap(IdMapDef? m) => m is null ? null : E("idmap",
        m.Uids.Select(u => FormatIdMapEntry("uid", u)), m.Gids.Select(g => FormatIdMapEntry("gid", g)));

    private static XElement FormatIdMapEntry(string name, IdMapEntry e) =>
        E(name, A("start", e.Start), A("target", e.Target), A("count", e.Count));

    /// <summary>
    /// &lt;seclabel&gt; as libvirt's schema allows it per type: dynamic (relabel only 'yes'; label, imagelabel, baselabel),
    /// static (label required, relabel yes/no, imagelabel), none (relabel only 'no', nothing else). Other parts stay unread.
    /// </summary>
    public static SecLabelDef ParseSecLabel(XmlNode n, string owner)
    {
        var type = n.Enum<SecLabelType>("type");
        var relabel = n.Enum<YesNo>("relabel");
        var required = type switch { SecLabelType.Static => (YesNo?)null, SecLabelType.None => YesNo.No, _ => YesNo.Yes };
        if (relabel is not null && required is not null && relabel != required)
            throw XmlErrors.BadValue($"<seclabel> of type '{(type ?? SecLabelType.Dynamic).ToXml()}' in {owner} must have relabel='{required.Value.ToXml()}'");
        return new SecLabelDef
        {
            Type = type,
            Model = n.Attr("model"),
            Relabel = relabel,
            Label = type == SecLabelType.None ? null : type == SecLabelType.Static ? n.RequiredChild("label").Text() : n.ChildText("label"),
            ImageLabel = type == SecLabelType.None ? null : n.ChildText("imagelabel"),
            BaseLabel = type is null or SecLabelType.Dynamic ? n.ChildText("baselabel") : null,
        };
    }

    public static XElement FormatSecLabel(SecLabelDef s) => E("seclabel",
        A("type", s.Type), A("model", s.Model), A("relabel", s.Relabel),
        Text("label", s.Label), Text("imagelabel", s.ImageLabel), Text("baselabel", s.BaseLabel));
}
