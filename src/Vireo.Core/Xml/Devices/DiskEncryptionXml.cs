using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>
/// A disk's &lt;encryption&gt; both ways: LUKS with a passphrase secret named by uuid or by usage, in &lt;disk&gt; or in
/// &lt;source&gt; (kept where it was written, as libvirt keeps it). libvirt 9.0 prints engine='qemu', the only engine
/// of a file or block disk; Vireo prints it too and accepts it (or 'default') on input.
/// </summary>
internal static class DiskEncryptionXml
{
    public static DiskEncryptionDef? Parse(XmlNode? n, string owner, bool inSource)
    {
        if (n is null) return null;
        var format = n.RequiredAttr("format");
        if (format != DiskEncryptionDef.Luks)
            throw VirErrors.Unsupported($"disk encryption format '{format}' of {owner} is not supported; only 'luks' is");
        var engine = n.Attr("engine");
        if (engine is not (null or "default" or "qemu"))
            throw VirErrors.Unsupported($"disk encryption engine '{engine}' of {owner} is not supported; only 'qemu' is");
        var secret = n.RequiredChild("secret");
        var type = secret.RequiredAttr("type");
        if (type != "passphrase")
            throw VirErrors.Unsupported($"secret type '{type}' of a disk's encryption in {owner} is not supported; a LUKS disk needs type='passphrase'");
        return new DiskEncryptionDef(ParseSecret(secret.Attr("uuid"), secret.Attr("usage"), owner), inSource);
    }

    /// <summary>libvirt's virSecretLookupParseSecret: a uuid or a usage, never both, never neither (its sentences).</summary>
    private static DiskSecretRef ParseSecret(string? uuid, string? usage, string owner)
    {
        if (uuid is not null && usage is not null) throw XmlErrors.BadValue("either secret uuid or usage expected");
        if (usage is not null) return DiskSecretRef.ByUsage(usage);
        if (uuid is null) throw XmlErrors.Missing("missing secret uuid or usage attribute");
        return Guid.TryParse(uuid, out var id)
            ? DiskSecretRef.ByUuid(id)
            : throw XmlErrors.BadValue($"malformed secret uuid '{uuid}' in a disk's encryption in {owner}");
    }

    public static XElement? Format(DiskEncryptionDef? e) => e is null ? null
        : E("encryption", A("format", DiskEncryptionDef.Luks), A("engine", "qemu"),
            E("secret", A("type", "passphrase"), A("uuid", e.Secret.Uuid?.ToString("D")), A("usage", e.Secret.Usage)));
}
