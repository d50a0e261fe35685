namespace Vireo.Drivers.Secrets;

/// <summary>virSecretUsageType: what a secret is for. The numbers travel on the wire (remote_nonnull_secret.usageType).</summary>
public enum SecretUsageType
{
    None = 0,
    Volume = 1,
    Ceph = 2,
    Iscsi = 3,
    Tls = 4,
    Vtpm = 5,
}

/// <summary>
/// A secret's definition (libvirt's virSecretDef): everything but the value. <paramref name="UsageId"/> is
/// the volume path, Ceph/TLS/vTPM name or iSCSI target the usage names; null for <see cref="SecretUsageType.None"/>.
/// </summary>
public sealed record SecretDef(Guid Uuid, bool Ephemeral, bool Private, string? Description, SecretUsageType UsageType, string? UsageId)
{
    /// <summary>How the wire names this secret.</summary>
    public SecretRef Ref => new(Uuid, UsageType, UsageId ?? "");
}

/// <summary>A secret as the wire names it (remote_nonnull_secret): uuid, usage type, usage id ("" for none).</summary>
public readonly record struct SecretRef(Guid Uuid, SecretUsageType UsageType, string UsageId);
