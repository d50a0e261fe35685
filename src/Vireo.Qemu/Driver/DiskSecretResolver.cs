using System.Security.Cryptography;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Secrets;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Driver;

/// <summary>
/// Before a start: the values of the secrets the encrypted disks name, read as libvirt's internal call (so a
/// private secret works), with a fresh master key and IVs. A missing secret or one without a value refuses the
/// start with the secret driver's sentence, before anything is created.
/// </summary>
internal static class DiskSecretResolver
{
    public static QemuDiskSecrets? Resolve(DomainDef def, ISecrets? secrets, QemuRuntimePaths paths)
    {
        var named = def.Devices.Disks.Where(d => d.Source is not null && d.Encryption is not null).Select(d => d.Encryption!.Secret).Distinct().ToList();
        if (named.Count == 0) return null;
        if (secrets is null)
            throw VirErrors.Unsupported($"domain '{def.Name}' has an encrypted disk, but this host has no secret driver", VirErrorDomain.Qemu);
        var values = new Dictionary<DiskSecretRef, (byte[], byte[])>();
        foreach (var secret in named)
        {
            // A usage names a volume secret (libvirt looks disks' secrets up as VIR_SECRET_USAGE_TYPE_VOLUME).
            var found = secret.Uuid is { } uuid ? secrets.LookupByUuid(uuid) : secrets.LookupByUsage(SecretUsageType.Volume, secret.Usage!);
            values[secret] = (secrets.GetValue(found, 0, internalCall: true), RandomNumberGenerator.GetBytes(16));
        }
        return new QemuDiskSecrets(RandomNumberGenerator.GetBytes(32), Path.Combine(paths.Directory, "master-key.aes"), values);
    }
}
