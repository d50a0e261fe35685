using Vireo.Core.Domain;

namespace Vireo.Qemu.CommandLine;

/// <summary>
/// What a start adds to the definition the guest runs with, as libvirt's QEMU driver does (pure): every device's
/// alias (<see cref="DeviceAliases"/>), and no format on a removable drive without media (libvirt leaves the
/// format of an empty CD-ROM or floppy to whatever is inserted, so its live XML has a bare &lt;driver name='qemu'/&gt;).
/// </summary>
internal static class RunningDefinition
{
    public static DomainDef Of(DomainDef def, bool q35)
    {
        def = DeviceAliases.Assign(def, q35);
        return def with
        {
            Devices = def.Devices with
            {
                Disks = [.. def.Devices.Disks.Select(d => d is { Source: null, Device: DiskDevice.Cdrom or DiskDevice.Floppy, Driver.Format: not null }
                    ? d with { Driver = d.Driver with { Format = null } }
                    : d)],
            },
        };
    }
}
