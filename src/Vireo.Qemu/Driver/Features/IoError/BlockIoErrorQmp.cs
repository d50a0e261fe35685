using Vireo.Core.Domain;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.IoError;

/// <summary>QEMU's BLOCK_IO_ERROR as libvirt reads it: which block backend or node, the action QEMU took, and why.</summary>
internal sealed record BlockIoError(string? Device, string? NodeName, int Action, string Reason);

/// <summary>The disk an I/O error is about, as libvirt names it in its events: the source path and the device alias ("" when unknown).</summary>
internal sealed record IoErrorDisk(string SrcPath, string DevAlias)
{
    public static readonly IoErrorDisk Unknown = new("", "");
}

/// <summary>
/// BLOCK_IO_ERROR to libvirt's I/O error events (qemu_monitor_json.c and qemuProcessHandleIOError): the action as
/// virDomainEventIOErrorAction ("ignore" 0, "stop" 1, "report" 2; missing or unknown: 0), the reason "enospc" when
/// QEMU says nospace and "" otherwise, and the disk found by its backend name or, with -blockdev (QEMU then names
/// no backend), by the node QEMU names. Pure.
/// </summary>
internal static class BlockIoErrorQmp
{
    public const string EventName = "BLOCK_IO_ERROR";

    /// <summary>virDomainEventIOErrorAction.</summary>
    public const int ActionNone = 0, ActionPause = 1, ActionReport = 2;

    public static BlockIoError? Parse(QmpEvent e) => e.Name != EventName ? null
        : new BlockIoError(e.GetString("device"), e.GetString("node-name"), ActionOf(e.GetString("action")),
            e.GetBool("nospace") == true ? "enospc" : "");

    public static int ActionOf(string? action) => action switch
    {
        "stop" => ActionPause,
        "report" => ActionReport,
        _ => ActionNone, // "ignore", and what libvirt warns about and treats alike
    };

    /// <param name="disks">The live definition's disks.</param>
    /// <param name="deviceIds">QEMU's -device id of each disk by target (libvirt's device alias).</param>
    /// <param name="blocks">query-block, to find the device whose medium is the node QEMU named.</param>
    public static IoErrorDisk DiskOf(BlockIoError error, IEnumerable<DiskDef> disks, IReadOnlyDictionary<string, string> deviceIds,
        IReadOnlyList<QmpBlockDevice> blocks)
    {
        var byAlias = disks.Where(d => deviceIds.ContainsKey(d.Target.Dev)).ToDictionary(d => deviceIds[d.Target.Dev], StringComparer.Ordinal);
        // A backend name or else the node QEMU names (a -blockdev disk has no backend name): query-block says whose medium it is.
        var alias = !string.IsNullOrEmpty(error.Device) ? QemuDiskNames.AliasOf(error.Device, null)
            : error.NodeName is { } node ? blocks.FirstOrDefault(b => b.NodeName == node)?.DeviceId : null;
        return alias is not null && byAlias.TryGetValue(alias, out var disk)
            ? new IoErrorDisk(disk.Source?.Path ?? "", alias)
            : IoErrorDisk.Unknown;
    }
}
