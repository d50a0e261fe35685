using System.Text;
using System.Xml.Linq;

namespace Vireo.Core.Storage;

/// <summary>
/// A volume's &lt;encryption format='...'&gt;, as libvirt 9.0 keeps it: the format name and the passphrase secrets, each
/// named by uuid or by usage. A volume found encrypted by its header (after a refresh) has the format and no secret,
/// and libvirt prints it so (an empty element).
/// </summary>
public sealed record VolumeEncryption(string Format, IReadOnlyList<VolumeSecretRef> Secrets)
{
    public const string Luks = "luks";

    /// <summary>libvirt 9.0's encryption format names (virStorageEncryptionFormat).</summary>
    public static readonly string[] KnownFormats = ["default", "qcow", Luks, "luks2"];

    /// <summary>What a header read finds: LUKS, without a secret.</summary>
    public static VolumeEncryption Detected { get; } = new(Luks, []);
}

/// <summary>A &lt;secret type='passphrase'&gt; of a volume's encryption: exactly one of the uuid and the usage is set.</summary>
public sealed record VolumeSecretRef(Guid? Uuid, string? Usage);

/// <summary>&lt;encryption&gt; inside a volume's &lt;target&gt;, both ways, with libvirt's parse errors.</summary>
public static class VolumeEncryptionXml
{
    public static VolumeEncryption? Parse(XElement? target)
    {
        if (target?.Element("encryption") is not { } e) return null;
        var format = (string?)e.Attribute("format") ?? throw StorageErrors.Xml("missing volume encryption format");
        if (!VolumeEncryption.KnownFormats.Contains(format))
            throw StorageErrors.Unsupported($"unknown volume encryption format type {format}");
        var secrets = new List<VolumeSecretRef>();
        foreach (var s in e.Elements("secret"))
        {
            var type = (string?)s.Attribute("type") ?? throw StorageErrors.Xml("missing volume encryption uuid");
            if (type != "passphrase") throw StorageErrors.Unsupported($"unknown volume encryption secret type {type}");
            var uuid = (string?)s.Attribute("uuid");
            var usage = (string?)s.Attribute("usage");
            if (uuid is null && usage is null) throw StorageErrors.Xml("missing secret uuid or usage attribute");
            if (uuid is not null && usage is not null) throw StorageErrors.Xml("either secret uuid or usage expected");
            if (uuid is null)
            {
                secrets.Add(new VolumeSecretRef(null, usage));
                continue;
            }
            if (!Guid.TryParse(uuid, out var id)) throw StorageErrors.Xml($"invalid secret uuid '{uuid}'");
            secrets.Add(new VolumeSecretRef(id, null));
        }
        return new VolumeEncryption(format, secrets);
    }

    /// <summary>libvirt's layout: open and close tags even with no secret (what a refreshed volume shows).</summary>
    public static void Format(StringBuilder sb, VolumeEncryption e, string indent)
    {
        sb.Append(indent).Append("<encryption format='").Append(StoragePoolXml.Escape(e.Format)).Append("'>\n");
        foreach (var s in e.Secrets)
        {
            sb.Append(indent).Append("  <secret type='passphrase' ");
            if (s.Uuid is { } u) sb.Append("uuid='").Append(u.ToString("D")).Append("'/>\n");
            else sb.Append("usage='").Append(StoragePoolXml.Escape(s.Usage!)).Append("'/>\n");
        }
        sb.Append(indent).Append("</encryption>\n");
    }
}
