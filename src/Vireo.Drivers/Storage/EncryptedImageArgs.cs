using System.Globalization;
using Vireo.Core.Storage;

namespace Vireo.Drivers.Storage;

/// <summary>
/// The qemu-img create argv of an encrypted volume, as libvirt 9.0's storage driver builds it: a LUKS image
/// (-f luks, -o key-secret=) for a raw volume, a qcow2 with encrypt.format=luks,encrypt.key-secret= for a qcow2.
/// The passphrase reaches qemu-img only as a file (--object secret,file=): never on a command line /proc shows.
/// Pure: no I/O.
/// </summary>
public static class EncryptedImageArgs
{
    /// <summary>The secret object's id. Fixed (libvirt uses VOLNAME_encrypt0, which QEMU refuses for names that are not identifiers).</summary>
    public const string SecretAlias = "volume_encrypt0";

    public static IReadOnlyList<string> Create(string path, StorageVolDef def, string secretFile)
    {
        List<string> args = ["create", "-q", "-f", def.Format == VolumeFormat.Qcow2 ? "qcow2" : "luks",
            "--object", $"secret,id={SecretAlias},file={EscapeComma(secretFile)}"];
        if (def.Format == VolumeFormat.Qcow2)
        {
            args.AddRange(QemuImgRunner.Qcow2Args(def, "-b", ["encrypt.format=luks", $"encrypt.key-secret={SecretAlias}"]));
        }
        else
        {
            args.AddRange(["-o", $"key-secret={SecretAlias}"]);
        }
        args.AddRange([path, def.Capacity.ToString(CultureInfo.InvariantCulture)]);
        return args;
    }

    /// <summary>QEMU's option syntax: a comma inside a value is written twice.</summary>
    private static string EscapeComma(string value) => value.Replace(",", ",,", StringComparison.Ordinal);
}
