namespace Vireo.Drivers.Secrets;

/// <summary>virConnectListAllSecretsFlags: within each pair, no bit set means either.</summary>
[Flags]
public enum SecretListFlags : uint
{
    None = 0,
    Ephemeral = 1 << 0,
    NoEphemeral = 1 << 1,
    Private = 1 << 2,
    NoPrivate = 1 << 3,
}

/// <summary>virSecretEventID: which callback an event goes to.</summary>
public enum SecretEventId
{
    Lifecycle = 0,
    ValueChanged = 1,
}

/// <summary>virSecretEventLifecycleType.</summary>
public enum SecretLifecycle
{
    Defined = 0,
    Undefined = 1,
}

/// <summary>One secret event: a lifecycle change (with its <see cref="Lifecycle"/>) or a new value.</summary>
public sealed record SecretEvent(SecretRef Secret, SecretEventId Id, SecretLifecycle Lifecycle = SecretLifecycle.Defined);

/// <summary>
/// libvirt's secret API (virSecret*): secrets defined by XML, each with an optional value, shared by every
/// connection of one Vireo instance. Persistent secrets and their values are on disk before a change returns;
/// ephemeral ones live in memory only. Every error is libvirt's code and sentence.
/// </summary>
public interface ISecrets
{
    IReadOnlyList<SecretRef> List(SecretListFlags flags);
    SecretRef LookupByUuid(Guid uuid);
    SecretRef LookupByUsage(SecretUsageType type, string usageId);
    Task<SecretRef> DefineAsync(string xml, uint flags, CancellationToken ct);
    string Xml(SecretRef secret, uint flags);
    Task SetValueAsync(SecretRef secret, byte[] value, uint flags, CancellationToken ct);

    /// <summary>
    /// The value. A private secret's value goes only to the daemon itself (<paramref name="internalCall"/>,
    /// libvirt's VIR_SECRET_GET_VALUE_INTERNAL_CALL, e.g. to start a guest with an encrypted disk), never to a client.
    /// </summary>
    byte[] GetValue(SecretRef secret, uint flags, bool internalCall);

    Task UndefineAsync(SecretRef secret, CancellationToken ct);

    /// <summary>Raised after a secret was defined, undefined or given a value. Handlers must not block.</summary>
    event Action<SecretEvent>? Changed;
}
