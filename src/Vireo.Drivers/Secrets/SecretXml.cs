using System.Text;
using System.Xml;
using System.Xml.Linq;
using Vireo.Core.Errors;

namespace Vireo.Drivers.Secrets;

/// <summary>
/// libvirt's secret XML (&lt;secret ephemeral='no' private='yes'&gt;&lt;uuid/&gt;&lt;description/&gt;&lt;usage/&gt;&lt;/secret&gt;),
/// parsed, checked and formatted as libvirt 9.0's secret_conf does: the same errors, codes and layout.
/// Pure: no I/O.
/// </summary>
public static class SecretXml
{
    /// <summary>The document name libvirt's XML parser puts in a syntax error: "(definition_of_secret):LINE: ...".</summary>
    private const string Document = "definition_of_secret";

    /// <summary>Parses a definition; a missing uuid is a new random one (<paramref name="newUuid"/> lets tests fix it).</summary>
    public static SecretDef Parse(string xml, Func<Guid>? newUuid = null)
    {
        var root = Load(xml);
        if (root.Name.LocalName != "secret" || root.Name.Namespace != XNamespace.None)
            throw new VirException(VirErrorCode.XmlError, VirErrorDomain.Xml, $"expecting root element of 'secret', not '{root.Name.LocalName}'");
        var ephemeral = YesNo(root, "ephemeral");
        var isPrivate = YesNo(root, "private");

        // libvirt reads string(./uuid): the first <uuid>, and an empty one counts as missing.
        Guid uuid;
        var uuidText = root.Element("uuid")?.Value;
        if (string.IsNullOrEmpty(uuidText)) uuid = (newUuid ?? Guid.NewGuid)();
        else if (!TryParseUuid(uuidText, out uuid)) throw SecretErrors.Internal("malformed uuid element");

        var description = root.Element("description")?.Value;
        if (description?.Length == 0) description = null;

        var (usageType, usageId) = root.Element("usage") is { } usage ? ParseUsage(usage) : (SecretUsageType.None, null);
        return new SecretDef(uuid, ephemeral, isPrivate, description, usageType, usageId);
    }

    /// <summary>libvirt's layout: two-space indent, attributes in single quotes, no usage element for usage type none.</summary>
    public static string Format(SecretDef def)
    {
        var sb = new StringBuilder();
        sb.Append("<secret ephemeral='").Append(def.Ephemeral ? "yes" : "no")
          .Append("' private='").Append(def.Private ? "yes" : "no").Append("'>\n");
        sb.Append("  <uuid>").Append(def.Uuid.ToString("D")).Append("</uuid>\n");
        if (def.Description is { } d) sb.Append("  <description>").Append(Escape(d)).Append("</description>\n");
        if (def.UsageType != SecretUsageType.None)
        {
            sb.Append("  <usage type='").Append(UsageName(def.UsageType)).Append("'>\n");
            sb.Append("    <").Append(UsageElement(def.UsageType)).Append('>').Append(Escape(def.UsageId ?? ""))
              .Append("</").Append(UsageElement(def.UsageType)).Append(">\n");
            sb.Append("  </usage>\n");
        }
        sb.Append("</secret>\n");
        return sb.ToString();
    }

    /// <summary>The name virsh and the XML give a usage type ("volume", "ceph", ...).</summary>
    public static string UsageName(SecretUsageType type) => type switch
    {
        SecretUsageType.None => "none",
        SecretUsageType.Volume => "volume",
        SecretUsageType.Ceph => "ceph",
        SecretUsageType.Iscsi => "iscsi",
        SecretUsageType.Tls => "tls",
        SecretUsageType.Vtpm => "vtpm",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown secret usage type"),
    };

    private static string UsageElement(SecretUsageType type) => type switch
    {
        SecretUsageType.Volume => "volume",
        SecretUsageType.Iscsi => "target",
        _ => "name",
    };

    private static (SecretUsageType, string?) ParseUsage(XElement usage)
    {
        var typeName = (string?)usage.Attribute("type") ?? throw SecretErrors.Xml("unknown secret usage type");
        var type = typeName switch
        {
            "none" => SecretUsageType.None,
            "volume" => SecretUsageType.Volume,
            "ceph" => SecretUsageType.Ceph,
            "iscsi" => SecretUsageType.Iscsi,
            "tls" => SecretUsageType.Tls,
            "vtpm" => SecretUsageType.Vtpm,
            _ => throw new VirException(VirErrorCode.ConfigUnsupported, VirErrorDomain.Secret, $"unknown secret usage type {typeName}"),
        };
        if (type == SecretUsageType.None) return (type, null);
        var id = usage.Element(UsageElement(type))?.Value;
        if (!string.IsNullOrEmpty(id)) return (type, id);
        throw SecretErrors.Internal(type switch
        {
            SecretUsageType.Volume => "volume usage specified, but volume path is missing",
            SecretUsageType.Ceph => "Ceph usage specified, but name is missing",
            SecretUsageType.Iscsi => "iSCSI usage specified, but target is missing",
            SecretUsageType.Tls => "TLS usage specified, but name is missing",
            _ => "vTPM usage specified, but name is missing",
        });
    }

    private static bool YesNo(XElement root, string attribute) => (string?)root.Attribute(attribute) switch
    {
        null or "no" => false,
        "yes" => true,
        _ => throw SecretErrors.Xml($"invalid value of '{attribute}'"),
    };

    /// <summary>libvirt's virUUIDParse: 32 hex digits, dashes (and spaces) between them allowed, surrounding blanks ignored.</summary>
    public static bool TryParseUuid(string text, out Guid uuid)
    {
        var hex = new StringBuilder(32);
        foreach (var c in text.Trim())
        {
            if (Uri.IsHexDigit(c)) hex.Append(c);
            else if (c != '-' && c != ' ') { uuid = default; return false; }
        }
        if (hex.Length == 32) return Guid.TryParseExact(hex.ToString(), "N", out uuid);
        uuid = default;
        return false;
    }

    private static XElement Load(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo).Root ?? throw SecretErrors.Xml("the secret definition has no root element");
        }
        catch (XmlException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            throw new VirException(VirErrorCode.XmlDetail, VirErrorDomain.Secret, $"({Document}):{e.LineNumber}: {message.TrimEnd('.')}");
        }
    }

    private static string Escape(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
         .Replace(">", "&gt;", StringComparison.Ordinal).Replace("'", "&apos;", StringComparison.Ordinal)
         .Replace("\"", "&quot;", StringComparison.Ordinal);
}
