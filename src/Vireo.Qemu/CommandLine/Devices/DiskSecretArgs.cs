using System.Security.Cryptography;
using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// The secret values encrypted disks need, resolved by the driver before a start: a fresh 32-byte master
/// key (QEMU reads it from <see cref="MasterKeyPath"/>, a 0600 file in the guest's runtime directory) and
/// each secret's value with its own random IV. The command line carries the values only AES-256-CBC
/// encrypted with the master key, as libvirt passes them, so no passphrase shows in the process list.
/// </summary>
public sealed record QemuDiskSecrets(byte[] MasterKey, string MasterKeyPath, IReadOnlyDictionary<DiskSecretRef, (byte[] Value, byte[] Iv)> Values);

/// <summary>
/// LUKS disks as libvirt 9 opens them: "-object secret,id=masterKey0,format=raw,file=..." once, then per
/// disk "-object secret,id=libvirt-N-format-encryption-secret0,data=...,keyid=masterKey0,iv=...,format=base64"
/// and the format node driver=luks,key-secret=... (raw) or driver=qcow2,encrypt.format=luks,encrypt.key-secret=...
/// </summary>
internal static class DiskSecretArgs
{
    public const string MasterKeyId = "masterKey0";

    public static void EmitMasterKey(BuildSession s)
    {
        if (!s.Def.Devices.Disks.Any(d => d.Encryption is not null)) return;
        var secrets = Require(s);
        s.Add("-object", new QemuProps("secret").Add("id", MasterKeyId).Add("format", "raw").Add("file", secrets.MasterKeyPath));
    }

    /// <summary>Adds the format node's driver (and its key secret, emitting the secret object first).</summary>
    public static void AddFormatDriver(BuildSession s, DiskDef disk, DiskFormat format, string formatNode, QemuProps fmt)
    {
        if (disk.Encryption is not { } enc)
        {
            fmt.Add("driver", format == DiskFormat.Qcow2 ? "qcow2" : "raw");
            return;
        }
        var secrets = Require(s);
        if (!secrets.Values.TryGetValue(enc.Secret, out var v))
            throw new InvalidOperationException($"the driver resolved no value for {enc.Secret} of a disk of {s.Owner}");
        var secretId = $"{formatNode}-encryption-secret0";
        s.Add("-object", new QemuProps("secret").Add("id", secretId).Add("data", Convert.ToBase64String(Seal(secrets.MasterKey, v.Iv, v.Value)))
            .Add("keyid", MasterKeyId).Add("iv", Convert.ToBase64String(v.Iv)).Add("format", "base64"));
        if (format == DiskFormat.Qcow2) fmt.Add("driver", "qcow2").Add("encrypt.format", "luks").Add("encrypt.key-secret", secretId);
        else fmt.Add("driver", "luks").Add("key-secret", secretId);
    }

    /// <summary>AES-256-CBC with PKCS#7 padding: what QEMU's secret object decrypts with keyid= and iv=.</summary>
    public static byte[] Seal(byte[] key, byte[] iv, byte[] value)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.EncryptCbc(value, iv, PaddingMode.PKCS7);
    }

    /// <summary>
    /// The start's resolved secrets. A build that is not a start (define's dry run, which checks the definition)
    /// has none and gets a zero key and empty values: its command line is never run.
    /// </summary>
    private static QemuDiskSecrets Require(BuildSession s) => s.Ctx.DiskSecrets ?? new QemuDiskSecrets(new byte[32],
        Path.Combine(s.Ctx.Paths.Directory, "master-key.aes"),
        s.Def.Devices.Disks.Where(d => d.Encryption is not null).Select(d => d.Encryption!.Secret).Distinct().ToDictionary(u => u, _ => (Array.Empty<byte>(), new byte[16])));
}
