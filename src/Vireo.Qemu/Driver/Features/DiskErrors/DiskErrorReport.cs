using Vireo.Core.Domain;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.DiskErrors;

/// <summary>
/// virsh domblkerror from query-block: each disk's io-status ("ok", "failed", "nospace"; QEMU reports it
/// for disks whose error policy can stop the guest) as virDomainDiskErrorCode, in the order of the
/// domain's disks, only the disks with an error. Pure.
/// </summary>
internal static class DiskErrorReport
{
    public static DiskErrorCode CodeOf(string? ioStatus) => ioStatus switch
    {
        null or "ok" => DiskErrorCode.None,
        "nospace" => DiskErrorCode.NoSpace,
        _ => DiskErrorCode.Unspec, // "failed", and anything a later QEMU may add
    };

    /// <param name="disks">The live definition's disks.</param>
    /// <param name="deviceIds">QEMU's -device id of each disk, by target ("vda" -> "virtio-disk0").</param>
    public static IReadOnlyList<DiskError> Of(IEnumerable<DiskDef> disks, IReadOnlyDictionary<string, string> deviceIds,
        IReadOnlyList<QmpBlockDevice> blocks)
    {
        var errors = new List<DiskError>();
        foreach (var disk in disks)
        {
            if (!deviceIds.TryGetValue(disk.Target.Dev, out var id)) continue;
            var block = blocks.FirstOrDefault(b => b.DeviceId == id || b.Device == id);
            var code = CodeOf(block?.IoStatus);
            if (code != DiskErrorCode.None) errors.Add(new DiskError(disk.Target.Dev, code));
        }
        return errors;
    }
}
