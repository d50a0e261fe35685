using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.BlockIoTune;

/// <summary>
/// A disk's throttling in QMP, pure: block_set_io_throttle as libvirt 9.0 sends it (the device by its QOM path,
/// every limit and the operation size always, the group only when named, a burst length only when not zero), and
/// the limits QEMU reports in query-block's "inserted".
/// </summary>
internal static class IoTuneQmp
{
    /// <summary>QEMU's argument names, by <see cref="IoTuneField"/>.</summary>
    private static readonly string[] QmpNames =
    [
        "bps", "bps_rd", "bps_wr", "iops", "iops_rd", "iops_wr",
        "bps_max", "bps_rd_max", "bps_wr_max", "iops_max", "iops_rd_max", "iops_wr_max",
        "iops_size",
        "bps_max_length", "bps_rd_max_length", "bps_wr_max_length", "iops_max_length", "iops_rd_max_length", "iops_wr_max_length",
    ];

    /// <summary>
    /// The id block_set_io_throttle and query-block know the guest device by: a virtio-blk device's block backend
    /// is its "virtio-backend" child; other devices hold it themselves.
    /// </summary>
    public static string QomId(string deviceId, DiskBus bus) =>
        bus == DiskBus.Virtio ? $"/machine/peripheral/{deviceId}/virtio-backend" : deviceId;

    /// <summary>Whether a disk's QEMU gets the throttle at start (libvirt: any limit or length, or a group).</summary>
    public static bool Enabled(DiskIoTuneDef? t) => t is not null && !t.IsEmpty;

    public static JsonObject Arguments(string qomId, DiskIoTuneDef t)
    {
        var args = new JsonObject { ["id"] = qomId };
        for (int i = 0; i <= (int)IoTuneField.SizeIopsSec; i++) args[QmpNames[i]] = t.Values[i];
        if (t.GroupName is { } group) args["group"] = group;
        for (int i = (int)IoTuneField.TotalBytesSecMaxLength; i < DiskIoTuneDef.FieldCount; i++)
            if (t.Values[i] != 0) args[QmpNames[i]] = t.Values[i];
        return args;
    }

    public static QmpCommand Set(string qomId, DiskIoTuneDef t) => new("block_set_io_throttle", Arguments(qomId, t));

    /// <summary>
    /// The limits of the device with that QOM id in a query-block reply (a limit QEMU leaves out is 0), and the
    /// group QEMU throttles it in (QEMU names a group after the device when none was given); null when QEMU has no
    /// such device.
    /// </summary>
    public static DiskIoTuneDef? FromQueryBlock(JsonNode? reply, string qomId)
    {
        if (reply is not JsonArray devices) return null;
        foreach (var d in devices)
        {
            if (d?["qdev"]?.GetValue<string>() != qomId && d?["device"]?.GetValue<string>() != qomId) continue;
            var values = new ulong[DiskIoTuneDef.FieldCount];
            if (d["inserted"] is JsonObject ins)
            {
                for (int i = 0; i < values.Length; i++)
                    if (ins[QmpNames[i]] is JsonValue v && v.TryGetValue<long>(out var n) && n > 0) values[i] = (ulong)n;
                return DiskIoTuneDef.Of(values, ins["group"]?.GetValue<string>());
            }
            return DiskIoTuneDef.Of(values, null);
        }
        return null;
    }
}
