namespace Vireo.Core.Domain;

/// <summary>
/// A disk's &lt;encryption format='luks'&gt;&lt;secret type='passphrase' uuid='...'/&gt;&lt;/encryption&gt;: the image is a LUKS
/// container (raw) or has LUKS encryption inside (qcow2), opened with the value of the named secret.
/// </summary>
public sealed record DiskEncryptionDef(Guid SecretUuid)
{
    /// <summary>The only format Vireo (and QEMU with libvirt 9) opens.</summary>
    public const string Luks = "luks";
}
