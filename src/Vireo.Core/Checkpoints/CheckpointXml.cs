using System.Globalization;
using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Checkpoints;

/// <summary>
/// libvirt &lt;domaincheckpoint&gt; XML to DomainCheckpointDef and back, with DomainXml's rules: anything
/// unread is refused, libvirt's element order and layout on output (name, description, parent,
/// creationTime, disks, domain).
/// </summary>
public static class CheckpointXml
{
    public static DomainCheckpointDef Parse(string xml)
    {
        var (root, scope, n, name, owner) = MomentDocument.Open(xml, "checkpoint");
        var domain = n.Child("domain");
        var def = new DomainCheckpointDef
        {
            Name = name,
            Description = n.ChildText("description"),
            Parent = n.Child("parent")?.RequiredChild("name").Text(),
            CreationTime = n.Child("creationTime") is { } t ? t.LongText() : null,
            Disks = n.Child("disks")?.Children("disk").Select(ParseDisk).ToList(),
            Domain = domain is null ? null : DomainXml.ParseElement(domain, scope),
        };
        scope.Owner = owner;
        scope.EnsureAllConsumed(root);
        return def;
    }

    private static CheckpointDiskDef ParseDisk(XmlNode d) => new()
    {
        Name = d.RequiredAttr("name"),
        Checkpoint = d.Enum<CheckpointType>("checkpoint"),
        Bitmap = d.Attr("bitmap"),
        Size = d.ULong("size"),
    };

    /// <summary>The document; <paramref name="noDomain"/> leaves out &lt;domain&gt; (VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN).</summary>
    public static string Format(DomainCheckpointDef c, bool secure = false, bool noDomain = false)
    {
        var root = E("domaincheckpoint",
            Text("name", c.Name),
            Text("description", c.Description),
            c.Parent is null ? null : E("parent", E("name", c.Parent)),
            c.CreationTime is null ? null : E("creationTime", c.CreationTime.Value.ToString(CultureInfo.InvariantCulture)),
            c.Disks is null ? null : E("disks", c.Disks.Select(FormatDisk)),
            c.Domain is null || noDomain ? null : DomainXml.FormatElement(c.Domain, "domain", new DomainXmlFormatOptions { Secure = secure }));
        return LibvirtXmlWriter.Write(root);
    }

    private static XElement FormatDisk(CheckpointDiskDef d) => E("disk",
        A("name", d.Name), A("checkpoint", d.Checkpoint),
        d.Checkpoint == CheckpointType.Bitmap ? A("bitmap", d.Bitmap) : null,
        d.Checkpoint == CheckpointType.Bitmap && d.Size is { } size ? A("size", size.ToString(CultureInfo.InvariantCulture)) : null);
}
