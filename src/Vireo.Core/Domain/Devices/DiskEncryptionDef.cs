namespace Vireo.Core.Domain;

/// <summary>
/// A disk's &lt;encryption format='luks'&gt;&lt;secret type='passphrase' uuid='...' or usage='...'/&gt;&lt;/encryption&gt;: the image is a
/// LUKS container (raw) or has LUKS encryption inside (qcow2), opened with the value of the named secret.
/// </summary>
/// <param name="InSource">Written inside &lt;source&gt; (libvirt's newer place) rather than in &lt;disk&gt;; libvirt keeps either where it was.</param>
public sealed record DiskEncryptionDef(DiskSecretRef Secret, bool InSource = false)
{
    /// <summary>The only format Vireo (and QEMU with libvirt 9) opens.</summary>
    public const string Luks = "luks";
}

/// <summary>
/// The secret a disk names: by uuid, or by usage (the usage id of a secret with &lt;usage type='volume'&gt;,
/// which libvirt looks up at start). Exactly one is set.
/// </summary>
public readonly record struct DiskSecretRef(Guid? Uuid, string? Usage)
{
    public static DiskSecretRef ByUuid(Guid uuid) => new(uuid, null);
    public static DiskSecretRef ByUsage(string usage) => new(null, usage);
    public override string ToString() => Uuid is { } u ? $"secret {u:D}" : $"the secret with usage '{Usage}'";
}
