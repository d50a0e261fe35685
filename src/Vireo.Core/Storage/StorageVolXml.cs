using System.Globalization;
using System.Text;
using Vireo.Core.Errors;

namespace Vireo.Core.Storage;

/// <summary>
/// &lt;volume&gt; XML of a file in a directory pool, parsed (what to create) and printed (what is there) as
/// libvirt 9.0 does. Vireo creates raw and qcow2 images; other formats are refused by name.
/// </summary>
public static partial class StorageVolXml
{
    /// <summary>libvirt's file volume formats: an unknown one is "unknown volume format type X".</summary>
    private static readonly string[] KnownFormats =
        ["none", "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat", "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk", "luks", "vhdx"];

    /// <param name="forClone">
    /// The XML of a clone (virStorageVolCreateXMLFrom): &lt;capacity&gt; may be left out (the clone takes the
    /// source's), and then a missing &lt;allocation&gt; is 0 (sparse) rather than the capacity, as libvirt parses it.
    /// </param>
    public static StorageVolDef Parse(string xml, bool forClone = false)
    {
        var root = StorageXmlReader.Load(xml, "storage_volume_definition");
        if (root.Name.LocalName != "volume")
            throw VirErrors.WrongRoot("volume", root.Name.LocalName);
        var name = root.ChildText("name");
        if (string.IsNullOrEmpty(name)) throw StorageErrors.Xml("missing volume name element");
        if (name.Contains('/')) throw StorageErrors.Invalid($"volume name '{name}' cannot contain '/'");
        var capacityElement = root.Child("capacity");
        if (capacityElement is null && !forClone) throw StorageErrors.Xml("missing capacity element");
        var capacity = capacityElement is null ? 0 : StorageXmlReader.Size(capacityElement, "capacity");
        // libvirt: without <allocation> the whole capacity is allocated (a raw file is written out in full).
        var allocation = root.Child("allocation") is { } a ? StorageXmlReader.Size(a, "allocation") : capacity;
        var target = root.Child("target");
        var format = ParseFormat((string?)target?.Child("format")?.Attribute("type")) ?? VolumeFormat.Raw;
        var mode = StorageXmlReader.Permissions(target)?.Mode;
        var (compat, lazy) = ParseQcow2Options(target);

        string? backingPath = null;
        VolumeFormat? backingFormat = null;
        if (root.Child("backingStore") is { } backing)
        {
            backingPath = backing.ChildText("path");
            if (string.IsNullOrEmpty(backingPath)) throw StorageErrors.Xml("missing backing store path");
            backingFormat = ParseFormat((string?)backing.Child("format")?.Attribute("type"));
        }
        if (format == VolumeFormat.Qcow2 && lazy && compat == "0.10")
            throw StorageErrors.Unsupported("lazy_refcounts not supported with compat level 0.10");
        return new StorageVolDef(name, capacity, capacityElement is null ? allocation : Math.Min(allocation, capacity), format, backingPath, backingFormat, mode, lazy && format == VolumeFormat.Qcow2,
            Encryption: VolumeEncryptionXml.Parse(target), Compat: format == VolumeFormat.Qcow2 ? compat : null);
    }

    /// <summary>
    /// &lt;target&gt;&lt;compat&gt; and &lt;features&gt; as libvirt's volume parser reads them: compat is digits, a dot and
    /// digits; a &lt;features&gt; element without compat means 1.1; lazy_refcounts is the only feature.
    /// </summary>
    private static (string? Compat, bool LazyRefcounts) ParseQcow2Options(System.Xml.Linq.XElement? target)
    {
        var compat = target?.ChildText("compat");
        if (string.IsNullOrEmpty(compat)) compat = null;
        else if (!CompatLevel().IsMatch(compat)) throw StorageErrors.Xml("forbidden characters in 'compat' attribute");
        var features = target?.Child("features");
        if (features is null) return (compat, false);
        foreach (var feature in features.Elements())
            if (feature.Name.LocalName != "lazy_refcounts")
                throw StorageErrors.Unsupported($"unsupported feature {feature.Name.LocalName}");
        return (compat ?? "1.1", features.Child("lazy_refcounts") is not null);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9]+\.[0-9]+$")]
    private static partial System.Text.RegularExpressions.Regex CompatLevel();

    /// <summary>A format name: null when absent, a clear refusal for formats Vireo does not create.</summary>
    public static VolumeFormat? ParseFormat(string? type) => type switch
    {
        null => null,
        "raw" => VolumeFormat.Raw,
        "qcow2" => VolumeFormat.Qcow2,
        _ when KnownFormats.Contains(type) => throw StorageErrors.Unsupported($"volume format type {type} is not supported by Vireo; directory pools hold raw and qcow2 images"),
        _ => throw StorageErrors.Unsupported($"unknown volume format type {type}"),
    };

    public static string FormatName(VolumeFormat f) => f == VolumeFormat.Qcow2 ? "qcow2" : "raw";

    /// <summary>The XML libvirt prints for a file volume: key and path are the file's absolute path.</summary>
    public static string Format(StorageVolReport v)
    {
        var sb = new StringBuilder(1024);
        sb.Append("<volume type='file'>\n");
        sb.Append("  <name>").Append(StoragePoolXml.Escape(v.Name)).Append("</name>\n");
        sb.Append("  <key>").Append(StoragePoolXml.Escape(v.Path)).Append("</key>\n");
        StoragePoolXml.Size(sb, "capacity", v.Capacity);
        StoragePoolXml.Size(sb, "allocation", v.Allocation);
        StoragePoolXml.Size(sb, "physical", v.Physical);
        sb.Append("  <target>\n");
        FileBody(sb, v.Path, v.Format, v.File, "    ");
        if (v.Encryption is { } enc) VolumeEncryptionXml.Format(sb, enc, "    ");
        // libvirt's order: <encryption>, <compat>, <clusterSize>, <features> (compat and features only for qcow2 version 3).
        var v3 = v.Format == VolumeFormat.Qcow2 ? v.Qcow2Features : null;
        if (v3 is not null) sb.Append("    <compat>").Append(StoragePoolXml.Escape(v3.Compat)).Append("</compat>\n");
        if (v.Format == VolumeFormat.Qcow2 && v.ClusterSize > 0)
            sb.Append("    <clusterSize unit='B'>").Append(v.ClusterSize.ToString(CultureInfo.InvariantCulture)).Append("</clusterSize>\n");
        if (v3 is not null) sb.Append(v3.LazyRefcounts ? "    <features>\n      <lazy_refcounts/>\n    </features>\n" : "    <features/>\n");
        sb.Append("  </target>\n");
        if (v.Backing is { } b)
        {
            sb.Append("  <backingStore>\n");
            FileBody(sb, b.Path, b.Format, b.File, "    ");
            sb.Append("  </backingStore>\n");
        }
        sb.Append("</volume>\n");
        return sb.ToString();
    }

    private static void FileBody(StringBuilder sb, string path, VolumeFormat? format, StorageFileFacts? file, string indent)
    {
        sb.Append(indent).Append("<path>").Append(StoragePoolXml.Escape(path)).Append("</path>\n");
        if (format is { } f) sb.Append(indent).Append("<format type='").Append(FormatName(f)).Append("'/>\n");
        if (file is null) return;
        StoragePoolXml.Permissions(sb, new StoragePermissions(file.Mode, file.Owner, file.Group), indent);
        sb.Append(indent).Append("<timestamps>\n");
        sb.Append(indent).Append("  <atime>").Append(file.Atime).Append("</atime>\n");
        sb.Append(indent).Append("  <mtime>").Append(file.Mtime).Append("</mtime>\n");
        sb.Append(indent).Append("  <ctime>").Append(file.Ctime).Append("</ctime>\n");
        sb.Append(indent).Append("  <btime>0</btime>\n");
        sb.Append(indent).Append("</timestamps>\n");
    }

    /// <summary>A stat time stamp as libvirt prints it: seconds, a dot, nine digits of nanoseconds.</summary>
    public static string Timestamp(long seconds, long nanoseconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{seconds}.{nanoseconds:D9}");

    /// <summary>Refuses what libvirt refuses before touching the disk (backing stores on raw volumes).</summary>
    public static void CheckCreatable(StorageVolDef def)
    {
        if (def.BackingPath is not null && def.Format == VolumeFormat.Raw)
            throw new VirException(VirErrorCode.NoSupport, VirErrorDomain.Storage, "backing storage not supported for raw volumes");
    }
}
