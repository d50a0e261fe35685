using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Runtime;
using Vireo.Platform.Host;
using Vireo.Platform.Processes;
using Vireo.Qemu.Driver.Features.Debug;
using Vireo.Qemu.Driver.Features.Tuning;
using Vireo.Qemu.Driver.Features.Tuning.Cgroups;

namespace Vireo.Qemu.Driver.Features.IoThreads;

/// <summary>
/// iothreadinfo, iothreadadd, iothreaddel, iothreadpin and iothreadset as libvirt's QEMU driver does them: a live
/// change adds or removes QEMU's "iothreadN" object (object-add/object-del), pins the thread query-iothreads names
/// or sets the object's properties (qom-set); --config edits the saved definition. Every check (the id, the disks using it, the CPUs) comes before QEMU is
/// touched, and the definitions are recorded only after QEMU agreed, so a refusal changes nothing.
/// </summary>
internal sealed class QemuIoThreads(DomainChanges changes) : IDomainIoThreads
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainIoThreads>(ctx =>
    {
        // The cgroup hook pins every non-vCPU thread at start; the IOThread pins must come after it.
        GuestCgroups.For(ctx);
        ctx.Hooks.Add(new IoThreadPinHook());
        return new QemuIoThreads(new DomainChanges(ctx));
    });

    public async ValueTask<IReadOnlyList<IoThreadInfo>> IoThreadInfoAsync(Guid uuid, ModifyFlags flags, CancellationToken ct)
    {
        var dom = changes.Get(uuid);
        var size = HostSnapshot.PossibleCpuCount();
        if (!DomainChanges.ReadsLive(dom, flags))
        {
            var def = dom.Persistent!;
            var online = HostSnapshot.OnlineCpus();
            return IoThreadSet.Ids(def).Select(id => new IoThreadInfo(id, Map((IEnumerable<int>?)PinOf(def, id) ?? online, size))).ToList();
        }
        var threads = await QueryAsync(dom, $"cannot read the IOThreads of domain '{dom.Name}'", ct).ConfigureAwait(false);
        return threads.Select(t => new IoThreadInfo(t.Id, Map(DomainChanges.Kernel(dom.Name, $"the CPU affinity of IOThread {t.Id}",
            () => ThreadAffinity.Get(t.ThreadId)), size))).ToList();
    }

    public async ValueTask AddIoThreadAsync(Guid uuid, uint id, ModifyFlags flags, CancellationToken ct)
    {
        CheckId(id, "virDomainAddIOThread");
        var dom = changes.Get(uuid);
        using var job = await changes.JobAsync(dom, "iothreadadd", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, flags);
        if (t.Live) RefuseExisting(dom.Live ?? dom.Current, id);
        if (t.Config) RefuseExisting(dom.Persistent!, id);
        if (t.Live)
        {
            var (guest, monitor) = MonitorAccess.Running(dom);
            var what = $"cannot add IOThread {id} to domain '{dom.Name}'";
            await MonitorAccess.RunAsync(monitor, IoThreadQmp.Add(id), what, ct).ConfigureAwait(false);
            // A new IOThread runs where <vcpu cpuset> lets the domain run, as in libvirt.
            if (guest.Live.Vcpu?.CpuSet is { } cpus
                && (await QueryAsync(dom, what, ct).ConfigureAwait(false)).FirstOrDefault(x => x.Id == id) is { ThreadId: > 0 } added)
                DomainChanges.Kernel(dom.Name, $"the affinity of IOThread {id}", () => ThreadAffinity.Set(added.ThreadId, cpus));
            await changes.CommitLiveAsync(dom, guest, IoThreadSet.With(guest.Live, id), ct).ConfigureAwait(false);
        }
        if (t.Config) await changes.CommitConfigAsync(dom, IoThreadSet.With(dom.Persistent!, id), ct).ConfigureAwait(false);
    }

    public async ValueTask DeleteIoThreadAsync(Guid uuid, uint id, ModifyFlags flags, CancellationToken ct)
    {
        CheckId(id, "virDomainDelIOThread");
        var dom = changes.Get(uuid);
        using var job = await changes.JobAsync(dom, "iothreaddel", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, flags);
        if (t.Live) RefuseDelete(dom.Live ?? dom.Current, id);
        if (t.Config) RefuseDelete(dom.Persistent!, id);
        if (t.Live)
        {
            var (guest, monitor) = MonitorAccess.Running(dom);
            await MonitorAccess.RunAsync(monitor, IoThreadQmp.Delete(id), $"cannot remove IOThread {id} from domain '{dom.Name}'", ct).ConfigureAwait(false);
            await changes.CommitLiveAsync(dom, guest, IoThreadSet.Without(guest.Live, id), ct).ConfigureAwait(false);
        }
        if (t.Config) await changes.CommitConfigAsync(dom, IoThreadSet.Without(dom.Persistent!, id), ct).ConfigureAwait(false);
    }

    public async ValueTask PinIoThreadAsync(Guid uuid, uint id, IReadOnlyList<bool> cpuMap, ModifyFlags flags, CancellationToken ct)
    {
        var dom = changes.Get(uuid);
        var cpus = HostResources.CpusOf(cpuMap);
        HostResources.Read().CheckCpus(cpus, $"cannot pin IOThread {id} of domain '{dom.Name}'");
        var set = new CpuSet(cpus);
        using var job = await changes.JobAsync(dom, "iothreadpin", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, flags);
        if (t.Config && !IoThreadSet.Contains(dom.Persistent!, id))
            throw VirErrors.InvalidArg($"iothreadid {id} not found", VirErrorDomain.Qemu);
        if (t.Live)
        {
            var guest = DomainChanges.Running(dom);
            var running = (await QueryAsync(dom, $"cannot pin IOThread {id} of domain '{dom.Name}'", ct).ConfigureAwait(false))
                .FirstOrDefault(x => x.Id == id);
            if (running.ThreadId <= 0) throw VirErrors.InvalidArg($"iothread {id} not found", VirErrorDomain.Qemu);
            DomainChanges.Kernel(dom.Name, $"the affinity of IOThread {id} (thread {running.ThreadId})", () => ThreadAffinity.Set(running.ThreadId, cpus));
            await changes.CommitLiveAsync(dom, guest, IoThreadSet.WithPin(guest.Live, id, set), ct).ConfigureAwait(false);
        }
        if (t.Config) await changes.CommitConfigAsync(dom, IoThreadSet.WithPin(dom.Persistent!, id, set), ct).ConfigureAwait(false);
        if (t.Live) changes.PublishTunable(dom, [TypedParameter.String($"cputune.iothreadpin{id}", set.ToString())]);
    }

    public async ValueTask SetIoThreadParamsAsync(Guid uuid, uint id, IReadOnlyList<TypedParameter> parameters, ModifyFlags flags, CancellationToken ct)
    {
        if (id == 0) throw VirErrors.InvalidArg("invalid value of 0 for iothread_id", VirErrorDomain.Qemu);
        var dom = changes.Get(uuid);
        var p = IoThreadParams.Read(parameters);
        IoThreadParamRules.CheckRanges(p);
        using var job = await changes.JobAsync(dom, "iothreadset", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, flags);
        if (t.Config) IoThreadParamRules.CheckConfig(dom.Persistent!, id, p);
        if (t.Live) IoThreadParamRules.CheckLive(DomainChanges.Running(dom).Live, id, p);
        if (t.Live)
        {
            var (guest, monitor) = MonitorAccess.Running(dom);
            var what = $"cannot set the parameters of IOThread {id} of domain '{dom.Name}'";
            foreach (var command in IoThreadQmp.SetPolling(id, p))
                await MonitorAccess.RunAsync(monitor, command, what, ct).ConfigureAwait(false);
            long? currentMax = p is { ThreadPoolMin: not null, ThreadPoolMax: not null }
                ? (await MonitorAccess.RunAsync(monitor, IoThreadQmp.GetPoolMax(id), what, ct).ConfigureAwait(false))?.GetValue<long>()
                : null;
            foreach (var command in IoThreadQmp.SetPool(id, p.ThreadPoolMin, p.ThreadPoolMax, currentMax))
                await MonitorAccess.RunAsync(monitor, command, what, ct).ConfigureAwait(false);
            if (p.SetsPool) await changes.CommitLiveAsync(dom, guest, IoThreadParamRules.Applied(guest.Live, id, p), ct).ConfigureAwait(false);
        }
        if (t.Config && p.SetsPool) await changes.CommitConfigAsync(dom, IoThreadParamRules.Applied(dom.Persistent!, id, p), ct).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<RunningIoThread>> QueryAsync(DomainObject dom, string what, CancellationToken ct)
    {
        var (_, monitor) = MonitorAccess.Running(dom);
        return IoThreadQmp.Parse(await MonitorAccess.RunAsync(monitor, IoThreadQmp.Query(), what, ct).ConfigureAwait(false));
    }

    internal static CpuSet? PinOf(DomainDef def, uint id) =>
        def.CpuTune?.IoThreadPins.FirstOrDefault(p => p.IoThread == id)?.CpuSet ?? def.Vcpu?.CpuSet;

    private static bool[] Map(IEnumerable<int> cpus, int size)
    {
        var map = new bool[size];
        foreach (var c in cpus) if (c >= 0 && c < size) map[c] = true;
        return map;
    }

    /// <summary>libvirt's public API refuses id 0 before any driver runs.</summary>
    private static void CheckId(uint id, string api)
    {
        if (id == 0) throw VirErrors.InvalidArg($"iothread_id in {api} must be greater than zero");
    }

    private static void RefuseExisting(DomainDef def, uint id)
    {
        if (IoThreadSet.Contains(def, id))
            throw VirErrors.InvalidArg($"an IOThread is already using iothread_id '{id}'", VirErrorDomain.Qemu);
    }

    private static void RefuseDelete(DomainDef def, uint id)
    {
        if (!IoThreadSet.Contains(def, id))
            throw VirErrors.InvalidArg($"cannot find IOThread '{id}' in iothreadids list", VirErrorDomain.Qemu);
        if (def.Devices.Disks.FirstOrDefault(d => d.Driver?.IoThread == id) is { } disk)
            throw VirErrors.InvalidArg($"cannot remove IOThread {id} since it is being used by disk '{disk.Target.Dev}'", VirErrorDomain.Qemu);
        if (def.Devices.Controllers.FirstOrDefault(c => c.Driver?.IoThread == id) is { } controller)
            throw VirErrors.InvalidArg($"cannot remove IOThread {id} since it is being used by controller '{controller.Alias ?? $"index {controller.Index}"}'", VirErrorDomain.Qemu);
    }
}
