using Vireo.Core.Errors;
using Vireo.Core.Storage;
using Vireo.Drivers.Secrets;

namespace Vireo.Drivers.Storage;

// Encrypted volumes (<target><encryption format='luks'>): libvirt 9.0's checks, in its order (the secret is looked
// up and read before the format is checked), and what a volume's XML shows of its encryption.
public sealed partial class StorageDriver
{
    /// <summary>The secret driver encrypted volumes take their passphrase from; null: such volumes are refused.</summary>
    public ISecrets? Secrets { get; init; }

    private const string SingleSecretExpected = "A single <secret type='passphrase'...> element is expected in encryption description";

    /// <summary>The passphrase of a volume to create, after libvirt's checks (storageBackendCreateQemuImgSecretPath, then the format's).</summary>
    private byte[] EncryptionPassphrase(StorageVolDef def)
    {
        var enc = def.Encryption!;
        if (enc.Secrets.Count != 1) throw StorageErrors.InvalidArg(SingleSecretExpected);
        if (Secrets is null) throw StorageErrors.Unsupported("encrypted volumes need the secret driver, which this host does not have");
        var s = enc.Secrets[0];
        var secret = s.Uuid is { } uuid ? Secrets.LookupByUuid(uuid) : Secrets.LookupByUsage(SecretUsageType.Volume, s.Usage!);
        var value = Secrets.GetValue(secret, 0, internalCall: true);
        if (def.Format == VolumeFormat.Qcow2 && enc.Format is "default" or "qcow")
            throw StorageErrors.Unsupported("creation of qcow2 encrypted image is not supported");
        if (def.Format == VolumeFormat.Raw && enc.Format != VolumeEncryption.Luks)
            throw new VirException(VirErrorCode.InternalError, VirErrorDomain.Storage, "Only luks encryption is supported for raw files");
        if (enc.Format != VolumeEncryption.Luks)
            throw StorageErrors.Unsupported($"unsupported volume encryption format {Array.IndexOf(VolumeEncryption.KnownFormats, enc.Format)}");
        if (def.PreallocateMetadata && def.Format == VolumeFormat.Raw)
            throw StorageErrors.Unsupported("metadata preallocation only available with qcow2");
        return value;
    }

    /// <summary>
    /// libvirt refuses to clone an encrypted volume it refreshed (its &lt;encryption&gt; has no secret): the same sentence.
    /// Vireo does not convert a plain volume into an encrypted one (libvirt's two-step create and convert) and says so.
    /// </summary>
    private static void CheckCloneSource(string sourcePath, StorageVolDef def)
    {
        if (LuksHeaderProbe.Read(sourcePath) is not null) throw StorageErrors.InvalidArg(SingleSecretExpected);
        if (def.Encryption is not null)
            throw StorageErrors.Unsupported($"cloning into an encrypted volume ('{def.Name}') is not supported; create it with vol-create and copy the data from inside the guest");
    }

    /// <summary>What a volume's XML shows: the &lt;encryption&gt; it was created with, else an empty one when its header is LUKS.</summary>
    private static (VolumeEncryption? Encryption, ulong PayloadOffset) EncryptionOf(VolumeEntry v)
    {
        var found = LuksHeaderProbe.Read(v.Path);
        if (found is null) return (null, 0);
        return (v.Encryption ?? VolumeEncryption.Detected, found.Value.PayloadOffset);
    }
}
