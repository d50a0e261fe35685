using System.Runtime.CompilerServices;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Memory;
using Vireo.Qemu.Driver.Features.Tuning.Cgroups;

namespace Vireo.Qemu.Driver.Features.Tuning;

/// <summary>
/// setmem, schedinfo, memtune and blkiotune for QEMU guests. Live changes go to the guest's cgroups
/// (the balloon for setmem) and then into the live definition and status file; config changes
/// rewrite the saved definition. Reads take no job.
/// </summary>
internal sealed partial class QemuTuning(DomainChanges changes, QemuMemory memory) : IDomainTuning
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() =>
        QemuFeatureRegistry.Add<IDomainTuning>(ctx =>
        {
            var changes = new DomainChanges(ctx);
            return new QemuTuning(changes, new QemuMemory(changes));
        });

    /// <summary>The guests' cgroups (tests point them at one hierarchy).</summary>
    internal GuestCgroups Cgroups => changes.Cgroups;

    public ValueTask SetMemoryAsync(Guid uuid, ulong kib, MemoryModFlags flags, CancellationToken ct) =>
        memory.SetMemoryAsync(uuid, kib, flags, ct);

    public (string Type, int ParamCount) SchedulerType(Guid uuid)
    {
        _ = changes.Get(uuid);
        return ("posix", SchedulerChange.Fields.Length);
    }

    public ValueTask<IReadOnlyList<TypedParameter>> GetSchedulerParametersAsync(Guid uuid, ModifyFlags flags, CancellationToken ct)
    {
        var dom = changes.Get(uuid);
        if (DomainChanges.ReadsLive(dom, flags))
        {
            var guest = DomainChanges.Running(dom);
            if (changes.Cgroups.Of(guest) is not { } cg) return ValueTask.FromResult(SchedulerChange.FromDefinition(guest.Live.CpuTune));
            return ValueTask.FromResult(DomainChanges.Kernel(dom.Name, "the CPU scheduler parameters", () => SchedulerChange.Values(
                cg.Domain.CpuShares, Read(cg.Vcpus.Count > 0 ? cg.Vcpus[0] : cg.Domain), Read(cg.Emulator), Read(cg.Domain),
                Read(HasIoThreads(guest) ? cg.Emulator : cg.Domain))));
        }
        return ValueTask.FromResult(SchedulerChange.FromDefinition(dom.Persistent!.CpuTune));
    }

    /// <summary>
    /// libvirt gives each IOThread a group of its own and, for a guest without IOThreads, reports the guest's
    /// group. vireod's IOThreads are threads of the emulator group (they share its bandwidth), so that is what
    /// they run under.
    /// </summary>
    private static bool HasIoThreads(GuestProcess guest) => (guest.Live.IoThreads ?? 0) > 0 || guest.Live.IoThreadIds?.Count > 0;

    private static Bandwidth Read(Platform.Cgroups.ICgroupController g)
    {
        var (period, quota) = g.CpuBandwidth;
        return new Bandwidth(period, quota);
    }

    public async ValueTask SetSchedulerParametersAsync(Guid uuid, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct)
    {
        var change = SchedulerChange.Parse(parameters);
        var dom = changes.Get(uuid);
        using var job = await changes.JobAsync(dom, "schedinfo", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, flags);
        var config = t.Config ? dom.Persistent! with { CpuTune = change.ApplyTo(dom.Persistent!.CpuTune) } : null;
        if (config is not null) change.CheckShares(changes.Cgroups.Layout?.PreferredVersion ?? Platform.Cgroups.CgroupVersion.V1);
        if (t.Live)
        {
            var guest = DomainChanges.Running(dom);
            var cg = changes.Cgroups.Require(guest, "change the CPU scheduler parameters");
            if (change.IoThread.IsSet && HasIoThreads(guest))
                throw Core.Errors.VirErrors.OperationUnsupported(
                    $"cannot set the IOThread bandwidth of running domain '{dom.Name}': its IOThreads run in the emulator's cgroup (set emulator_period/emulator_quota, or iothread_period/iothread_quota with --config)");
            change.CheckShares(cg.Version);
            if (config is not null) Core.Domain.DomainValidator.Validate(config);
            if (change.Shares is { } shares) DomainChanges.Kernel(dom.Name, "cpu_shares", () => cg.Domain.CpuShares = shares);
            foreach (var v in cg.Vcpus) DomainChanges.Kernel(dom.Name, "the vCPU bandwidth", () => GuestCgroup.SetBandwidth(v, change.Vcpu));
            DomainChanges.Kernel(dom.Name, "the emulator bandwidth", () => GuestCgroup.SetBandwidth(cg.Emulator, change.Emulator));
            DomainChanges.Kernel(dom.Name, "the global bandwidth", () => GuestCgroup.SetBandwidth(cg.Domain, change.Global));
            await changes.CommitLiveAsync(dom, guest, guest.Live with { CpuTune = change.ApplyTo(guest.Live.CpuTune) }, ct).ConfigureAwait(false);
        }
        if (config is not null) await changes.CommitConfigAsync(dom, config, ct).ConfigureAwait(false);
        if (t.Live) changes.PublishTunable(dom, change.EventParams());
    }
}
