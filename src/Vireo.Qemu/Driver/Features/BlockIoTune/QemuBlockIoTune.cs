using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.CommandLine;
using Vireo.Qemu.Driver.Features.BlockJobs;
using Vireo.Qemu.Driver.Features.Debug;
using Vireo.Qemu.Driver.Features.Tuning;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.BlockIoTune;

/// <summary>
/// virsh blkdeviotune for QEMU guests, as libvirtd 9.0's QEMU driver does it: a live read asks QEMU (query-block),
/// a config read the saved definition; a live change goes to QEMU with block_set_io_throttle and then into the live
/// definition and status file (so a restarted engine and the next start keep it), a config change into the saved
/// definition. The start applies &lt;iotune&gt; (see DiskArgs). Checks come in libvirt's order, so a refused change
/// leaves QEMU and both definitions as they were.
/// </summary>
internal sealed class QemuBlockIoTune(DomainChanges changes) : IDomainBlockIoTune
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainBlockIoTune>(ctx => new QemuBlockIoTune(new DomainChanges(ctx)));

    public int BlockIoTuneCount(Guid uuid, ModifyFlags flags)
    {
        _ = DomainChanges.ReadsLive(changes.Get(uuid), flags);
        return IoTuneChange.ParameterCount;
    }

    public async ValueTask<IReadOnlyList<TypedParameter>> GetBlockIoTuneAsync(Guid uuid, string? disk, ModifyFlags flags, CancellationToken ct)
    {
        var dom = changes.Get(uuid);
        if (!DomainChanges.ReadsLive(dom, flags))
        {
            var saved = Find(dom.Persistent!, disk)
                ?? throw VirErrors.InvalidArg($"disk '{disk}' was not found in the domain config", VirErrorDomain.Qemu);
            return IoTuneChange.Values(saved.IoTune ?? DiskIoTuneDef.None);
        }
        var (guest, monitor) = MonitorAccess.Running(dom);
        var live = Find(guest.Live, disk) ?? throw NotInDomain(disk);
        var qomId = QomId(guest, live);
        var reply = await MonitorAccess.RunAsync(monitor, QmpCommands.QueryBlock(), $"cannot read the I/O throttling of disk '{live.Target.Dev}' of domain '{dom.Name}'", ct).ConfigureAwait(false);
        var tune = IoTuneQmp.FromQueryBlock(reply, qomId)
            ?? throw VirErrors.Internal($"QEMU of domain '{dom.Name}' does not report the device {qomId} of disk '{live.Target.Dev}'");
        return IoTuneChange.Values(tune);
    }

    public async ValueTask SetBlockIoTuneAsync(Guid uuid, string disk, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct)
    {
        var dom = changes.Get(uuid);
        using var job = await changes.JobAsync(dom, "blkdeviotune", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, flags);
        var change = IoTuneChange.Parse(parameters);
        if (t.Live)
        {
            var (guest, monitor) = MonitorAccess.Running(dom);
            var live = Find(guest.Live, disk) ?? throw NotInDomain(disk);
            var tune = change.ApplyTo(change.Current(guest.Live.Devices.Disks, live));
            IoTuneChange.CheckBursts(tune);
            try
            {
                await monitor.ExecuteAsync(IoTuneQmp.Set(QomId(guest, live), tune), ct).ConfigureAwait(false);
            }
            catch (QmpException e)
            {
                throw e.AsLibvirtError();
            }
            var def = guest.Live with { Devices = guest.Live.Devices with { Disks = IoTuneChange.Spread(guest.Live.Devices.Disks, live, tune) } };
            await changes.CommitLiveAsync(dom, guest, def, ct).ConfigureAwait(false);
            changes.PublishTunable(dom, change.EventParams(disk));
        }
        if (t.Config)
        {
            var saved = dom.Persistent!;
            var conf = Find(saved, disk)
                ?? throw VirErrors.InvalidArg($"missing persistent configuration for disk '{disk}'", VirErrorDomain.Qemu);
            var tune = change.ApplyTo(change.Current(saved.Devices.Disks, conf));
            var def = saved with { Devices = saved.Devices with { Disks = IoTuneChange.Spread(saved.Devices.Disks, conf, tune) } };
            await changes.CommitConfigAsync(dom, def, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A disk by target or source path, as libvirt's virDomainDiskByName finds it.</summary>
    private static DiskDef? Find(DomainDef def, string? disk) => disk is null ? null : DiskChain.Find(def, disk);

    private static VirException NotInDomain(string? disk) =>
        VirErrors.InvalidArg($"disk '{disk}' not found in domain", VirErrorDomain.Qemu);

    private static string QomId(GuestProcess guest, DiskDef disk) =>
        IoTuneQmp.QomId(guest.DiskDevices.GetValueOrDefault(disk.Target.Dev) ?? disk.Target.Dev, DiskAddressing.BusOf(disk));
}
