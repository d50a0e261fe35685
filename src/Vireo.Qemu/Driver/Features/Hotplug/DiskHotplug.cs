using System.Globalization;
using System.Text.RegularExpressions;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.CommandLine;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Hotplug;

/// <summary>
/// Disks on a running guest, as libvirt 9 does it with -blockdev: attach = blockdev-add of the
/// protocol node ("libvirt-N-storage") and the format node ("libvirt-N-format"), then device_add of a
/// virtio-blk-pci on them; detach = device_del, DEVICE_DELETED, then blockdev-del of both nodes (which
/// closes the image and drops its lock). Virtio disks only: the other buses are not hot-pluggable
/// on the machines Vireo builds. Caller holds the job.
/// </summary>
internal static partial class DiskHotplug
{
    public static async Task<DomainDef> AttachAsync(DriverContext ctx, GuestProcess guest, DiskDef disk, CancellationToken ct)
    {
        var def = guest.Live;
        var what = $"disk '{disk.Target.Dev}' of domain '{def.Name}'";
        var deviceId = DeviceAliases.Disk(disk);
        var updated = DeviceEdits.Add(def, new DiskSpec(disk with { Alias = deviceId })); // refuses a target in use; the live XML shows QEMU's id
        if (DiskAddressing.BusOf(disk) != DiskBus.Virtio)
            throw VirErrors.OperationUnsupported($"cannot hot-plug {what}: only virtio disks (targets vdX, bus='virtio') can be added to a running guest", VirErrorDomain.Qemu);
        if (disk.Device != DiskDevice.Disk || disk.Source is null)
            throw VirErrors.OperationUnsupported($"cannot hot-plug {what}: only device='disk' with a <source> can be added to a running guest", VirErrorDomain.Qemu);
        StartChecks.FilesExist(def with { Devices = new DevicesDef { Disks = [disk] }, Os = new OsDef() });

        var monitor = guest.RequireMonitor();
        int n = NextNodeIndex(QmpNamedBlockNode.ListFromJson(await monitor.ExecuteAsync(QmpCommands.QueryNamedBlockNodes(), ct).ConfigureAwait(false)));
        string storage = $"libvirt-{n}-storage", format = $"libvirt-{n}-format";
        if (guest.DiskDevices.Values.Contains(deviceId))
            throw VirErrors.Invalid($"cannot hot-plug {what}: its device id '{deviceId}' is taken by another disk", VirErrorDomain.Qemu);

        var undo = new Stack<QmpCommand>();
        try
        {
            await monitor.ExecuteAsync(HotplugQmp.DiskStorageNode(disk, storage), ct).ConfigureAwait(false);
            undo.Push(QmpCommands.BlockdevDel(storage));
            await monitor.ExecuteAsync(HotplugQmp.DiskFormatNode(disk, format, storage), ct).ConfigureAwait(false);
            undo.Push(QmpCommands.BlockdevDel(format));
            await monitor.ExecuteAsync(HotplugQmp.DiskDevice(disk, deviceId, format), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpException or IOException or TimeoutException)
        {
            await QmpSteps.RunQuietlyAsync(ctx, monitor, what, undo).ConfigureAwait(false);
            throw QmpSteps.Refused(what, "attach", e);
        }
        guest.DiskDevices = new Dictionary<string, string>(guest.DiskDevices, StringComparer.Ordinal) { [disk.Target.Dev] = deviceId };
        return updated;
    }

    /// <summary>A disk the guest was asked to release: its device id and the format node it sat on (read before the device goes).</summary>
    public sealed record PendingDetach(DiskDef Disk, string DeviceId, string? FormatNode);

    /// <summary>Asks the guest to release the disk (device_del); the removal completes with DEVICE_DELETED.</summary>
    public static async Task<PendingDetach> RequestDetachAsync(GuestProcess guest, DiskDef disk, CancellationToken ct)
    {
        var what = $"disk '{disk.Target.Dev}' of domain '{guest.Live.Name}'";
        if (DiskAddressing.BusOf(disk) != DiskBus.Virtio)
            throw VirErrors.OperationUnsupported($"cannot hot-unplug {what}: only virtio disks can be removed from a running guest", VirErrorDomain.Qemu);
        var deviceId = guest.DiskDevices.GetValueOrDefault(disk.Target.Dev)
            ?? throw VirErrors.Internal($"the engine does not know QEMU's device id of {what}");
        var monitor = guest.RequireMonitor();
        try
        {
            var blocks = QmpBlockDevice.ListFromJson(await monitor.ExecuteAsync(QmpCommands.QueryBlock(), ct).ConfigureAwait(false));
            var formatNode = blocks.FirstOrDefault(b => b.DeviceId == deviceId)?.NodeName;
            await monitor.ExecuteAsync(QmpCommands.DeviceDel(deviceId), ct).ConfigureAwait(false);
            return new PendingDetach(disk, deviceId, formatNode);
        }
        catch (Exception e) when (e is QmpException or IOException or TimeoutException)
        {
            throw QmpSteps.Refused(what, "detach", e);
        }
    }

    /// <summary>After DEVICE_DELETED: closes the image (blockdev-del of its nodes) and forgets the disk.</summary>
    public static async Task<DomainDef> FinishDetachAsync(DriverContext ctx, GuestProcess guest, PendingDetach pending)
    {
        var monitor = guest.RequireMonitor();
        var undo = new Stack<QmpCommand>();
        if (pending.FormatNode is { } format)
        {
            if (format.EndsWith("-format", StringComparison.Ordinal))
                undo.Push(QmpCommands.BlockdevDel(format[..^"-format".Length] + "-storage"));
            undo.Push(QmpCommands.BlockdevDel(format));
        }
        await QmpSteps.RunQuietlyAsync(ctx, monitor, $"disk '{pending.Disk.Target.Dev}' of domain '{guest.Live.Name}'", undo).ConfigureAwait(false);
        guest.DiskDevices = guest.DiskDevices.Where(kv => kv.Key != pending.Disk.Target.Dev).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return DeviceEdits.Remove(guest.Live, new DiskSpec(pending.Disk));
    }

    private static int NextNodeIndex(IEnumerable<QmpNamedBlockNode> nodes) =>
        1 + nodes.Select(x => NodeIndex().Match(x.NodeName)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    [GeneratedRegex("^libvirt-([0-9]+)-")]
    private static partial Regex NodeIndex();
}
