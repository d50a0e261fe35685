using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Host;
using Vireo.Qemu.Driver.Features.Tuning;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Memory;

/// <summary>
/// setmem, setmaxmem and the balloon's statistics period. A live size change asks the guest's balloon
/// driver for the new size (QMP 'balloon'); the guest gives the pages back over about a second per
/// hundred MiB, and QEMU reports the progress as BALLOON_CHANGE events (which the engine publishes and
/// dominfo/dumpxml follow). The maximum is a boot-time property: it changes in the saved definition only.
/// </summary>
internal sealed class QemuMemory(DomainChanges changes) : IDomainBalloon
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainBalloon>(ctx => new QemuMemory(new DomainChanges(ctx)));

    public async ValueTask SetMemoryAsync(Guid uuid, ulong kib, MemoryModFlags flags, CancellationToken ct)
    {
        var dom = changes.Get(uuid);
        using var job = await changes.JobAsync(dom, flags.HasFlag(MemoryModFlags.Maximum) ? "setmaxmem" : "setmem", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, (ModifyFlags)((uint)flags & 3));
        var size = MemorySize.FromKiB(kib);
        if (flags.HasFlag(MemoryModFlags.Maximum))
        {
            if (t.Live)
                throw VirErrors.Invalid("cannot resize the maximum memory on an active domain", VirErrorDomain.Qemu);
            var hostKiB = MemInfo.Read().TotalBytes / 1024;
            await changes.CommitConfigAsync(dom, MemoryLimits.WithMaximum(dom.Persistent!, size, hostKiB), ct).ConfigureAwait(false);
            return;
        }

        if (t.Config) MemoryLimits.CheckCurrent(dom.Persistent!, size);
        if (t.Live)
        {
            var guest = DomainChanges.Running(dom);
            MemoryLimits.CheckCurrent(guest.Live, size);
            BalloonOf(guest, "change the memory");
            await Qmp(dom.Name, () => guest.RequireMonitor().ExecuteAsync(QmpCommands.Balloon(checked((long)size.Bytes)), ct)).ConfigureAwait(false);
            await changes.CommitLiveAsync(dom, guest, guest.Live with { CurrentMemory = size }, ct).ConfigureAwait(false);
        }
        if (t.Config)
            await changes.CommitConfigAsync(dom, dom.Persistent! with { CurrentMemory = size }, ct).ConfigureAwait(false);
    }

    public async ValueTask SetMemoryStatsPeriodAsync(Guid uuid, int seconds, ModifyFlags flags, CancellationToken ct)
    {
        if (seconds < 0)
            throw VirErrors.InvalidArg($"invalid memory statistics period {seconds}: give seconds, 0 or more (0 stops the statistics)", VirErrorDomain.Qemu);
        var dom = changes.Get(uuid);
        using var job = await changes.JobAsync(dom, "dommemstat --period", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, flags);
        uint? period = seconds == 0 ? null : (uint)seconds;
        DomainDef? config = null;
        if (t.Config)
        {
            var balloon = dom.Persistent!.Devices.MemBalloon is { Model: MemBalloonModel.Virtio } b ? b
                : throw NoBalloon(dom.Name, "set the memory statistics period");
            config = dom.Persistent with { Devices = dom.Persistent.Devices with { MemBalloon = balloon with { StatsPeriod = period } } };
        }
        if (t.Live)
        {
            var guest = DomainChanges.Running(dom);
            var path = BalloonOf(guest, "set the memory statistics period");
            await Qmp(dom.Name, () => guest.RequireMonitor().ExecuteAsync(QmpCommands.SetBalloonStatsPeriod(path, seconds), ct)).ConfigureAwait(false);
            var live = guest.Live;
            if (live.Devices.MemBalloon is { } lb)
                live = live with { Devices = live.Devices with { MemBalloon = lb with { StatsPeriod = period } } };
            await changes.CommitLiveAsync(dom, guest, live, ct).ConfigureAwait(false);
        }
        if (config is not null) await changes.CommitConfigAsync(dom, config, ct).ConfigureAwait(false);
    }

    /// <summary>The balloon's QOM path, or libvirt's refusal for a guest without one.</summary>
    private static string BalloonOf(GuestProcess guest, string action) =>
        guest.BalloonQomPath is { } path && guest.Live.Devices.MemBalloon is { Model: MemBalloonModel.Virtio }
            ? path
            : throw NoBalloon(guest.Live.Name, action);

    private static VirException NoBalloon(string name, string action) =>
        VirErrors.Invalid(
            $"cannot {action} of domain '{name}': it has no memory balloon device (add <memballoon model='virtio'/> to its definition)",
            VirErrorDomain.Qemu);

    private static async Task Qmp(string name, Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (QmpException e)
        {
            throw VirErrors.Failed($"domain '{name}': QEMU refused '{e.Command}': {e.Description}", VirErrorDomain.Qemu);
        }
    }
}
