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
        var uuids = def.Devices.Disks.Where(d => d.Source is not null).Select(d => d.Encryption?.SecretUuid).OfType<Guid>().Distinct().ToList();
        if (uuids.Count == 0) return null;
        if (secrets is null)
            throw VirErrors.Unsupported($"domain '{def.Name}' has an encrypted disk, but this host has no secret driver", VirErrorDomain.Qemu);
        var values = new Dictionary<Guid, (byte[], byte[])>();
        foreach (var uuid in uuids)
            values[uuid] = (secrets.GetValue(secrets.LookupByUuid(uuid), 0, internalCall: true), RandomNumberGenerator.GetBytes(16));
        return new QemuDiskSecrets(RandomNumberGenerator.GetBytes(32), Path.Combine(paths.Directory, "master-key.aes"), values);
    }
}
