using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Vireo.Core.Errors;

namespace Vireo.Core.Storage;

/// <summary>
/// &lt;pool&gt; XML of a directory pool, parsed and printed as libvirt 9.0 does (golden-tested against
/// libvirtd's own output). Pool types other than 'dir' are refused with a clear error.
/// </summary>
public static class StoragePoolXml
{
    /// <summary>libvirt's pool types: any other value is an XML error; these are "not supported by Vireo".</summary>
    private static readonly string[] KnownTypes =
        ["dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage"];

    /// <summary>Parses a definition; a missing uuid gets a new random one (as libvirt gives).</summary>
    public static StoragePoolDef Parse(string xml)
    {
        var root = StorageXmlReader.Load(xml, "storage_pool_definition");
        if (root.Name.LocalName != "pool")
            throw VirErrors.WrongRoot("pool", root.Name.LocalName);
        var type = (string?)root.Attribute("type")
            ?? throw new Errors.VirException(Errors.VirErrorCode.XmlError, Errors.VirErrorDomain.Xml, "Missing required attribute 'type' in element 'pool'");
        if (!KnownTypes.Contains(type))
            throw new Errors.VirException(Errors.VirErrorCode.XmlError, Errors.VirErrorDomain.Xml, $"Invalid value for attribute 'type' in element 'pool': '{type}'.");
        if (type != "dir")
            throw StorageErrors.Unsupported($"storage pool type '{type}' is not supported by Vireo; only 'dir' pools are");

        var name = root.ChildText("name");
        if (string.IsNullOrEmpty(name)) throw StorageErrors.Xml("missing pool source name element");
        if (name.Contains('/')) throw StorageErrors.Xml($"name {name} cannot contain '/'");

        var uuid = Guid.NewGuid();
        if (root.ChildText("uuid") is { } u && !Guid.TryParseExact(u, "D", out uuid) && !Guid.TryParseExact(u, "N", out uuid))
            throw StorageErrors.Xml("malformed uuid element");

        var target = root.Child("target");
        var path = target?.ChildText("path");
        if (string.IsNullOrEmpty(path)) throw StorageErrors.Xml("missing storage pool target path");
        if (!path.StartsWith('/'))
            throw StorageErrors.Xml($"storage pool target path '{path}' is not absolute (Vireo needs an absolute directory)");
        return new StoragePoolDef(name, uuid, CleanPath(path), StorageXmlReader.Permissions(target));
    }

    /// <summary>
    /// libvirt's virFileSanitizePath: runs of '/' become one and a trailing '/' goes; "." and ".." stay
    /// (libvirt keeps them too, so a path with them is not the same volume key).
    /// </summary>
    public static string CleanPath(string path)
    {
        var sb = new StringBuilder(path.Length);
        foreach (var c in path)
            if (c != '/' || sb.Length == 0 || sb[^1] != '/') sb.Append(c);
        if (sb.Length > 1 && sb[^1] == '/') sb.Length--;
        return sb.ToString();
    }

    /// <summary>
    /// The XML libvirt prints: sizes (zeros for a pool never started), an empty &lt;source&gt;, and the target
    /// directory's permissions when known (<paramref name="directory"/> for an active pool, else the definition's).
    /// </summary>
    public static string Format(StoragePoolDef def, StoragePoolSizes sizes, StorageFileFacts? directory)
    {
        var sb = new StringBuilder(512);
        sb.Append("<pool type='dir'>\n");
        sb.Append("  <name>").Append(Escape(def.Name)).Append("</name>\n");
        sb.Append("  <uuid>").Append(def.Uuid.ToString("D")).Append("</uuid>\n");
        Size(sb, "capacity", sizes.Capacity);
        Size(sb, "allocation", sizes.Allocation);
        Size(sb, "available", sizes.Available);
        sb.Append("  <source>\n  </source>\n");
        sb.Append("  <target>\n");
        sb.Append("    <path>").Append(Escape(def.TargetPath)).Append("</path>\n");
        var perms = directory is { } d ? new StoragePermissions(d.Mode, d.Owner, d.Group, def.Permissions?.Label) : def.Permissions;
        if (perms is not null) Permissions(sb, perms, "    ");
        sb.Append("  </target>\n");
        sb.Append("</pool>\n");
        return sb.ToString();
    }

    internal static void Size(StringBuilder sb, string element, ulong bytes) =>
        sb.Append("  <").Append(element).Append(" unit='bytes'>").Append(bytes.ToString(CultureInfo.InvariantCulture)).Append("</").Append(element).Append(">\n");

    internal static void Permissions(StringBuilder sb, StoragePermissions p, string indent)
    {
        sb.Append(indent).Append("<permissions>\n");
        if (p.Mode is { } mode) sb.Append(indent).Append("  <mode>").Append(Convert.ToString(mode, 8).PadLeft(4, '0')).Append("</mode>\n");
        sb.Append(indent).Append("  <owner>").Append(p.Owner is { } o ? o.ToString(CultureInfo.InvariantCulture) : "-1").Append("</owner>\n");
        sb.Append(indent).Append("  <group>").Append(p.Group is { } g ? g.ToString(CultureInfo.InvariantCulture) : "-1").Append("</group>\n");
        if (p.Label is { } label) sb.Append(indent).Append("  <label>").Append(Escape(label)).Append("</label>\n");
        sb.Append(indent).Append("</permissions>\n");
    }

    internal static string Escape(string s) => new XText(s).ToString().Replace("'", "&apos;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
