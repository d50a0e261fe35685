using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Tray;

/// <summary>
/// QEMU's DEVICE_TRAY_MOVED as libvirt reads it (qemuProcessHandleTrayChange): the disk is found by its backend name
/// ("drive-" + alias with -drive) or by the device QEMU names (its id, or its QOM path), and the event carries the
/// disk's alias with virDomainEventTrayChangeReason (0 opened, 1 closed). A tray of a device that is not one of the
/// domain's disks sends nothing, as in libvirt. Pure.
/// </summary>
internal static class TrayMovedQmp
{
    public const string EventName = "DEVICE_TRAY_MOVED";
    public const int Opened = 0, Closed = 1;

    /// <param name="deviceIds">QEMU's -device id of each disk by target (libvirt's device alias).</param>
    public static EmitTrayChange? Translate(QmpEvent e, IReadOnlyDictionary<string, string> deviceIds)
    {
        if (e.Name != EventName || e.GetBool("tray-open") is not { } open) return null;
        var alias = QemuDiskNames.AliasOf(e.GetString("device"), e.GetString("id"));
        return alias is not null && deviceIds.Values.Contains(alias, StringComparer.Ordinal)
            ? new EmitTrayChange(alias, open ? Opened : Closed)
            : null;
    }
}
