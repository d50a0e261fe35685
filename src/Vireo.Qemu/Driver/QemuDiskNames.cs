namespace Vireo.Qemu.Driver;

/// <summary>How QEMU's disk events name a disk, back to libvirt's device alias (qemuProcessFindDomainDiskByAliasOrQOM). Pure.</summary>
internal static class QemuDiskNames
{
    private const string DrivePrefix = "drive-", Peripheral = "/machine/peripheral/";

    /// <summary>
    /// The alias from a backend name (-drive's "drive-ALIAS"; -blockdev disks have none) or else from the device QEMU
    /// names: its id, or a QOM path below /machine/peripheral/ALIAS. Null when neither says.
    /// </summary>
    public static string? AliasOf(string? backend, string? device)
    {
        if (!string.IsNullOrEmpty(backend))
            return backend.StartsWith(DrivePrefix, StringComparison.Ordinal) ? backend[DrivePrefix.Length..] : backend;
        if (string.IsNullOrEmpty(device)) return null;
        return device.StartsWith(Peripheral, StringComparison.Ordinal) ? device[Peripheral.Length..].Split('/')[0] : device;
    }
}
