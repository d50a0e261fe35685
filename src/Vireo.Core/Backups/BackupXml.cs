using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Backups;

/// <summary>
/// libvirt &lt;domainbackup&gt; XML to DomainBackupDef and back. Input: anything unread is refused, as in every
/// Vireo XML reader. Output: libvirt 9.0's layout for a push backup (backup-dumpxml), byte for byte except
/// the per-image index attribute (Vireo numbers no images).
/// </summary>
public static class BackupXml
{
    private static readonly string[] YesNo = ["yes", "no"];

    public static DomainBackupDef Parse(string xml)
    {
        var root = DomainXml.Load(xml, "backup XML");
        if (root.Name != "domainbackup")
            throw VirErrors.WrongRoot("domainbackup", root.Name.LocalName);
        var scope = new ParseScope("the backup");
        var n = scope.Wrap(root);
        var def = new DomainBackupDef
        {
            Mode = n.Enum<BackupMode>("mode"),
            Incremental = n.ChildText("incremental"),
            Disks = n.Child("disks")?.Children("disk").Select(ParseDisk).ToList(),
        };
        scope.EnsureAllConsumed(root);
        return def;
    }

    private static BackupDiskDef ParseDisk(XmlNode d)
    {
        var type = d.Enum<DiskType>("type");
        var target = d.Child("target");
        return new BackupDiskDef
        {
            Name = d.RequiredAttr("name"),
            Backup = d.OneOf("backup", YesNo) is { } b ? b == "yes" : null,
            Type = type,
            DiskMode = d.Enum<BackupDiskMode>("backupmode"),
            Incremental = d.Attr("incremental"),
            Format = d.Child("driver")?.Enum<DiskFormat>("type"),
            TargetPath = target?.Attr(type == DiskType.Block ? "dev" : "file"),
        };
    }

    public static string Format(DomainBackupDef b)
    {
        var root = E("domainbackup",
            A("mode", b.Mode ?? BackupMode.Push),
            Text("incremental", b.Incremental),
            b.Disks is null ? null : E("disks", b.Disks.Select(FormatDisk)));
        return LibvirtXmlWriter.Write(root);
    }

    private static XElement FormatDisk(BackupDiskDef d) => d.Backup == false
        ? E("disk", A("name", d.Name), A("backup", "no"))
        : E("disk",
            A("name", d.Name), A("backup", "yes"), A("type", d.Type ?? DiskType.File),
            A("backupmode", d.DiskMode), A("incremental", d.Incremental),
            d.Format is null ? null : E("driver", A("type", d.Format)),
            d.TargetPath is null ? null : E("target", A(d.Type == DiskType.Block ? "dev" : "file", d.TargetPath)));
}
