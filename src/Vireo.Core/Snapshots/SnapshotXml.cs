using System.Globalization;
using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Snapshots;

/// <summary>
/// libvirt &lt;domainsnapshot&gt; XML to DomainSnapshotDef and back, with the same rules as DomainXml:
/// exact round trip, anything unread refused, libvirt's layout on output.
/// </summary>
public static class SnapshotXml
{
    public static DomainSnapshotDef Parse(string xml)
    {
        var (root, scope, n, name, owner) = MomentDocument.Open(xml, "snapshot");

        var memory = n.Child("memory");
        var disks = n.Child("disks");
        var active = n.Child("active");
        var def = new DomainSnapshotDef
        {
            Name = name,
            Description = n.ChildText("description"),
            State = n.Child("state")?.EnumText<SnapshotState>(),
            Parent = n.Child("parent")?.RequiredChild("name").Text(),
            CreationTime = n.Child("creationTime") is { } t ? t.LongText() : null,
            Memory = memory is null ? null : new SnapshotMemoryDef(memory.RequiredEnum<SnapshotLocation>("snapshot"), memory.Attr("file")),
            Disks = disks?.Children("disk").Select(ParseDisk).ToList(),
            Domain = ParseDomain(n.Child("domain"), scope, owner),
            InactiveDomain = ParseDomain(n.Child("inactiveDomain"), scope, owner),
            Active = active is null ? null : active.Text().Trim() switch
            {
                "1" => true,
                "0" => false,
                var other => throw VirErrors.Xml($"invalid value '{other}' for <active> in {owner}: expected 0 or 1"),
            },
        };
        scope.EnsureAllConsumed(root);
        return def;
    }

    private static DomainDef? ParseDomain(XmlNode? n, ParseScope scope, string owner)
    {
        if (n is null) return null;
        var def = DomainXml.ParseElement(n, scope);
        scope.Owner = owner;
        return def;
    }

    private static SnapshotDiskDef ParseDisk(XmlNode d)
    {
        var type = d.Enum<DiskType>("type");
        var driver = d.Child("driver");
        return new SnapshotDiskDef
        {
            Name = d.RequiredAttr("name"),
            Snapshot = d.Enum<SnapshotLocation>("snapshot"),
            Type = type,
            DriverFormat = driver?.Enum<DiskFormat>("type"),
            SourceFile = d.Child("source")?.Attr(type == DiskType.Block ? "dev" : "file"),
        };
    }

    public static string Format(DomainSnapshotDef s, bool secure = false)
    {
        var options = new DomainXmlFormatOptions { Secure = secure };
        var root = E("domainsnapshot",
            Text("name", s.Name),
            Text("description", s.Description),
            s.State is null ? null : E("state", s.State.Value.ToXml()),
            s.Parent is null ? null : E("parent", E("name", s.Parent)),
            s.CreationTime is null ? null : E("creationTime", s.CreationTime.Value.ToString(CultureInfo.InvariantCulture)),
            s.Memory is { } m ? E("memory", A("snapshot", m.Snapshot), A("file", m.File)) : null,
            s.Disks is null ? null : E("disks", s.Disks.Select(FormatDisk)),
            s.Domain is null ? null : DomainXml.FormatElement(s.Domain, "domain", options),
            s.InactiveDomain is null ? null : DomainXml.FormatElement(s.InactiveDomain, "inactiveDomain", options),
            s.Active is null ? null : E("active", s.Active.Value ? "1" : "0"));
        return LibvirtXmlWriter.Write(root);
    }

    private static XElement FormatDisk(SnapshotDiskDef d) => E("disk",
        A("name", d.Name), A("snapshot", d.Snapshot), A("type", d.Type),
        d.DriverFormat is null ? null : E("driver", A("type", d.DriverFormat)),
        d.SourceFile is null ? null : E("source", A(d.Type == DiskType.Block ? "dev" : "file", d.SourceFile)));
}
