using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>&lt;disk&gt; both ways, including the &lt;backingStore&gt; chain external snapshots create.</summary>
internal static class DiskXml
{
    /// <summary>libvirt's schema (diskTargetDev): a known prefix, then letters, digits or '_'.</summary>
    private static readonly System.Text.RegularExpressions.Regex TargetPattern =
        new("^(ioemu:)?(fd|hd|sd|vd|xvd|ubd)[a-zA-Z0-9_]+$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static string CheckTarget(string dev, string owner) => TargetPattern.IsMatch(dev)
        ? dev
        : throw XmlErrors.BadValue($"invalid disk target '{dev}' in {owner}: expected fd, hd, sd, vd, xvd or ubd followed by letters or digits, such as 'vda'");

    public static DiskDef Parse(XmlNode n, string owner)
    {
        var type = n.Enum<DiskType>("type") ?? DiskType.File;
        var device = n.Enum<DiskDevice>("device") ?? DiskDevice.Disk;
        var driver = n.Child("driver");
        var source = ParseSource(n.Child("source"), type);
        // libvirt's error for a disk without <target> names the disk by its source.
        var target = n.Child("target") ?? throw new VirException(VirErrorCode.NoTarget, VirErrorDomain.Domain, source?.Path ?? "");
        return new DiskDef
        {
            Type = type,
            Device = device,
            Driver = driver is null ? null : new DiskDriverDef
            {
                Name = driver.Attr("name"),
                Format = driver.Enum<DiskFormat>("type"),
                Cache = driver.Enum<DiskCache>("cache"),
                Io = driver.Enum<DiskIo>("io"),
                Discard = driver.Enum<DiskDiscard>("discard"),
                ErrorPolicy = driver.Enum<DiskErrorPolicy>("error_policy"),
                RerrorPolicy = driver.Enum<DiskErrorPolicy>("rerror_policy"),
                IoThread = driver.UInt("iothread"),
            },
            Source = source,
            BackingStore = ParseBackingStore(n.Child("backingStore")),
            Mirror = ParseMirror(n.Child("mirror")),
            Target = new DiskTargetDef(CheckTarget(target.RequiredAttr("dev"), owner), target.Enum<DiskBus>("bus")),
            IoTune = DiskIoTuneXml.Parse(n.Child("iotune")),
            Encryption = ParseEncryption(n, owner),
            ReadOnly = n.Flag("readonly"),
            Shareable = n.Flag("shareable"),
            Serial = n.ChildText("serial"),
            BootOrder = DeviceInfoXml.ParseBoot(n),
            Alias = DeviceInfoXml.ParseAlias(n),
            Address = DeviceInfoXml.ParseAddress(n),
        };
    }

    /// <summary>&lt;encryption&gt; in &lt;disk&gt; or in &lt;source&gt;; both at once is refused rather than one silently winning.</summary>
    private static DiskEncryptionDef? ParseEncryption(XmlNode disk, string owner)
    {
        var inDisk = DiskEncryptionXml.Parse(disk.Child("encryption"), owner, inSource: false);
        var inSource = DiskEncryptionXml.Parse(disk.Child("source")?.Child("encryption"), owner, inSource: true);
        if (inDisk is not null && inSource is not null)
            throw VirErrors.Unsupported($"a disk of {owner} has <encryption> both in <disk> and in <source>; give it once");
        return inDisk ?? inSource;
    }

    private static string SourceAttribute(DiskType type) => type == DiskType.Block ? "dev" : "file";

    private static DiskSourceDef? ParseSource(XmlNode? source, DiskType type)
    {
        if (source is null) return null;
        var path = source.Attr(SourceAttribute(type));
        var index = source.UInt("index");
        return path is null ? null : new DiskSourceDef(path, index);
    }

    private static BackingStoreDef? ParseBackingStore(XmlNode? n)
    {
        if (n is null) return null;
        var type = n.Enum<DiskType>("type");
        if (type is null && !n.Element.HasElements && !n.Element.HasAttributes) return BackingStoreDef.End;
        var effectiveType = type ?? DiskType.File;
        return new BackingStoreDef
        {
            Type = effectiveType,
            Index = n.UInt("index"),
            Format = n.Child("format")?.RequiredEnum<DiskFormat>("type"),
            Source = n.Child("source")?.Attr(SourceAttribute(effectiveType)),
            Next = ParseBackingStore(n.Child("backingStore")),
        };
    }

    /// <summary>&lt;mirror&gt; as libvirt writes it: the legacy file/format attributes of a copy job and the same in children.</summary>
    private static DiskMirrorDef? ParseMirror(XmlNode? n)
    {
        if (n is null) return null;
        var type = n.Enum<DiskType>("type") ?? DiskType.File;
        // The legacy attributes repeat the children; both are read (the reader refuses what it did not read).
        var legacyFile = n.Attr("file");
        var legacyFormat = n.Enum<DiskFormat>("format");
        var job = n.Attr("job") ?? "copy";
        var ready = n.Attr("ready");
        var path = n.Child("source")?.Attr(SourceAttribute(type)) ?? legacyFile;
        var format = n.Child("format")?.Enum<DiskFormat>("type") ?? legacyFormat ?? DiskFormat.Raw;
        _ = n.Child("backingStore");
        return path is null ? null : new DiskMirrorDef(type, path, format, job, ready);
    }

    /// <summary>libvirt repeats path and format as attributes (its old layout) for a copy into a file only.</summary>
    private static bool Legacy(DiskMirrorDef m) => m.Job == "copy" && m.Type == DiskType.File;

    private static XElement? FormatMirror(DiskMirrorDef? m) => m is null ? null : E("mirror",
        A("type", m.Type), Legacy(m) ? A("file", m.Path) : null, Legacy(m) ? A("format", m.Format) : null,
        A("job", m.Job), A("ready", m.Ready),
        E("format", A("type", m.Format)),
        E("source", A(SourceAttribute(m.Type), m.Path)),
        E("backingStore")); // libvirt's mark of a chain known to end here: the copy's backing is not shown

    public static XElement Format(DiskDef d) => E("disk",
        A("type", d.Type), A("device", d.Device),
        d.Driver is { } dr ? EOpt("driver", A("name", dr.Name), A("type", dr.Format), A("cache", dr.Cache), A("io", dr.Io), A("discard", dr.Discard),
            A("error_policy", dr.ErrorPolicy), A("rerror_policy", dr.RerrorPolicy), A("iothread", dr.IoThread)) : null,
        d.Source is { } s ? E("source", A(SourceAttribute(d.Type), s.Path), A("index", s.Index),
            d.Encryption is { InSource: true } ? DiskEncryptionXml.Format(d.Encryption) : null) : null,
        FormatBackingStore(d.BackingStore),
        FormatMirror(d.Mirror),
        E("target", A("dev", d.Target.Dev), A("bus", d.Target.Bus)),
        DiskIoTuneXml.Format(d.IoTune),
        Flag("readonly", d.ReadOnly),
        Flag("shareable", d.Shareable),
        Text("serial", d.Serial),
        d.Encryption is { InSource: false } ? DiskEncryptionXml.Format(d.Encryption) : null,
        DeviceInfoXml.Format(d.BootOrder, d.Alias, d.Address));

    private static XElement? FormatBackingStore(BackingStoreDef? b)
    {
        if (b is null) return null;
        if (b.IsEnd) return E("backingStore");
        var type = b.Type ?? DiskType.File;
        return E("backingStore", A("type", b.Type), A("index", b.Index),
            b.Format is null ? null : E("format", A("type", b.Format)),
            b.Source is null ? null : E("source", A(SourceAttribute(type), b.Source)),
            FormatBackingStore(b.Next));
    }
}
