using System.Xml.Linq;
using Vireo.Core.Domain;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>&lt;filesystem type='mount'&gt; both ways.</summary>
internal static class FilesystemXml
{
    public static FilesystemDef Parse(XmlNode n)
    {
        var driver = n.Child("driver");
        return new FilesystemDef
        {
            Type = n.Enum<FilesystemType>("type") ?? FilesystemType.Mount,
            AccessMode = n.Enum<FilesystemAccessMode>("accessmode"),
            Driver = driver is null ? null : new FilesystemDriverDef(driver.Enum<FilesystemDriverType>("type"), driver.Attr("format"), driver.Attr("wrpolicy")),
            SourceDir = n.RequiredChild("source").RequiredAttr("dir"),
            TargetDir = n.RequiredChild("target").RequiredAttr("dir"),
            ReadOnly = n.Flag("readonly"),
            Alias = DeviceInfoXml.ParseAlias(n),
            Address = DeviceInfoXml.ParseAddress(n),
        };
    }

    public static XElement Format(FilesystemDef f) => E("filesystem",
        A("type", f.Type), A("accessmode", f.AccessMode),
        f.Driver is { } d ? EOpt("driver", A("type", d.Type), A("format", d.Format), A("wrpolicy", d.WrPolicy)) : null,
        E("source", A("dir", f.SourceDir)),
        E("target", A("dir", f.TargetDir)),
        Flag("readonly", f.ReadOnly),
        DeviceInfoXml.Format(null, f.Alias, f.Address));
}
