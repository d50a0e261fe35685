using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using static Vireo.Core.Xml.XmlBuild;

namespace Vireo.Core.Xml;

/// <summary>A disk's &lt;encryption&gt; both ways: LUKS with a passphrase secret named by uuid.</summary>
internal static class DiskEncryptionXml
{
    public static DiskEncryptionDef? Parse(XmlNode? n, string owner)
    {
        if (n is null) return null;
        var format = n.RequiredAttr("format");
        if (format != DiskEncryptionDef.Luks)
            throw VirErrors.Unsupported($"disk encryption format '{format}' of {owner} is not supported; only 'luks' is");
        var secret = n.RequiredChild("secret");
        var type = secret.RequiredAttr("type");
        if (type != "passphrase")
            throw VirErrors.Unsupported($"secret type '{type}' of a disk's encryption in {owner} is not supported; a LUKS disk needs type='passphrase'");
        var uuid = secret.Attr("uuid")
            ?? throw VirErrors.Unsupported($"the encryption secret of a disk in {owner} has no uuid; naming it by usage is not supported");
        if (!Guid.TryParse(uuid, out var id)) throw XmlErrors.BadValue($"malformed secret uuid '{uuid}' in a disk's encryption in {owner}");
        return new DiskEncryptionDef(id);
    }

    public static XElement? Format(DiskEncryptionDef? e) => e is null ? null
        : E("encryption", A("format", DiskEncryptionDef.Luks), E("secret", A("type", "passphrase"), A("uuid", e.SecretUuid.ToString("D"))));
}
