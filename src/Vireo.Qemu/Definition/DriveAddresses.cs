using Vireo.Core.Domain;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Definition;

/// <summary>
/// &lt;address type='drive'&gt; for disks on a controller bus, from the index in the target name as the command
/// line derives it (<see cref="DiskAddressing.PositionOf"/>: sda=0, hdc=2), except that SCSI disks take units
/// 0-16383 of controller 0 when that controller is virtio-scsi, as libvirt does.
/// </summary>
internal static class DriveAddresses
{
    public static DomainDef Assign(DomainDef def)
    {
        var scsiWide = def.Devices.Controllers.FirstOrDefault(c => c.Type == ControllerType.Scsi && c.Index == 0)?.Model == "virtio-scsi";
        return def with
        {
            Devices = def.Devices with
            {
                Disks = def.Devices.Disks.Select(d => d.Address is not null || DiskAddressing.NameIndex(d.Target.Dev) is not { } idx ? d : d with
                {
                    Address = d.Target.Bus switch
                    {
                        DiskBus.Scsi when scsiWide => DeviceAddress.Drive((uint)idx / 16384, 0, 0, (uint)idx % 16384),
                        DiskBus.Ide or DiskBus.Sata or DiskBus.Scsi or DiskBus.Fdc when DiskAddressing.PositionOf(d, d.Target.Bus.Value) is var p =>
                            DeviceAddress.Drive(p.Controller, p.Bus, 0, p.Unit),
                        _ => null,
                    },
                }).ToList(),
            },
        };
    }
}
