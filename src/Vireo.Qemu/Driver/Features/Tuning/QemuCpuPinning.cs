using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Processes;
using Vireo.Qemu.Driver.Features.Tuning.Cgroups;

namespace Vireo.Qemu.Driver.Features.Tuning;

/// <summary>
/// vcpupin and emulatorpin. A live pin narrows the thread's own cgroup ("vcpuN" or "emulator"), which
/// sets the kernel affinity of the threads in it, and sets the affinity directly as well (the only way
/// for a guest running without cgroups). Pins are checked against the host's online CPUs.
/// </summary>
internal sealed class QemuCpuPinning(DomainChanges changes) : IDomainCpuPinning
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainCpuPinning>(ctx => new QemuCpuPinning(new DomainChanges(ctx)));

    public async ValueTask PinVcpuAsync(Guid uuid, int vcpu, IReadOnlyList<bool> cpuMap, ModifyFlags flags, CancellationToken ct)
    {
        var dom = changes.Get(uuid);
        var cpus = HostResources.CpusOf(cpuMap);
        HostResources.Read().CheckCpus(cpus, $"cannot pin vCPU {vcpu} of domain '{dom.Name}'");
        var set = new CpuSet(cpus);
        using var job = await changes.JobAsync(dom, "vcpupin", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, flags);
        DomainDef? config = null;
        if (t.Config)
        {
            CheckVcpu(vcpu, dom.Persistent!, "persistent", (int)Vcpus.VcpuChange.Current(dom.Persistent!));
            config = WithVcpuPin(dom.Persistent!, vcpu, set);
        }
        if (t.Live)
        {
            var guest = DomainChanges.Running(dom);
            CheckVcpu(vcpu, guest.Live, "live", (int)Vcpus.VcpuChange.Maximum(guest.Live));
            // A vCPU that is not plugged in gets its pin when it is (VcpuHotplug places new threads by the live pins).
            if (vcpu < guest.VcpuThreads.Count)
            {
                var tid = guest.VcpuThreads[vcpu];
                if (changes.Cgroups.Of(guest) is { } cg && vcpu < cg.Vcpus.Count)
                    DomainChanges.Kernel(dom.Name, $"the CPUs of vCPU {vcpu}", () => GuestCgroup.Pin(cg.Vcpus[vcpu], [tid], set));
                else
                    DomainChanges.Kernel(dom.Name, $"the affinity of vCPU {vcpu} (thread {tid})", () => ThreadAffinity.Set(tid, cpus));
            }
            await changes.CommitLiveAsync(dom, guest, WithVcpuPin(guest.Live, vcpu, set), ct).ConfigureAwait(false);
        }
        if (config is not null) await changes.CommitConfigAsync(dom, config, ct).ConfigureAwait(false);
        if (t.Live) changes.PublishTunable(dom, [TypedParameter.String($"cputune.vcpupin{vcpu}", set.ToString())]);
    }

    public async ValueTask PinEmulatorAsync(Guid uuid, IReadOnlyList<bool> cpuMap, ModifyFlags flags, CancellationToken ct)
    {
        var dom = changes.Get(uuid);
        var cpus = HostResources.CpusOf(cpuMap);
        HostResources.Read().CheckCpus(cpus, $"cannot pin the emulator threads of domain '{dom.Name}'");
        var set = new CpuSet(cpus);
        using var job = await changes.JobAsync(dom, "emulatorpin", ct).ConfigureAwait(false);
        var t = DomainChanges.Targets(dom, flags);
        var config = t.Config ? WithEmulatorPin(dom.Persistent!, set) : null;
        if (t.Live)
        {
            var guest = DomainChanges.Running(dom);
            var vcpus = guest.VcpuThreads.ToHashSet();
            var threads = ThreadAffinity.ThreadsOf(guest.Process.Pid).Where(x => !vcpus.Contains(x)).ToList();
            if (changes.Cgroups.Of(guest) is { } cg)
                DomainChanges.Kernel(dom.Name, "the CPUs of the emulator threads", () => GuestCgroup.Pin(cg.Emulator, threads, set));
            else
                foreach (var tid in threads)
                    DomainChanges.Kernel(dom.Name, $"the affinity of emulator thread {tid}", () => SetIfAlive(tid, cpus));
            await changes.CommitLiveAsync(dom, guest, WithEmulatorPin(guest.Live, set), ct).ConfigureAwait(false);
        }
        if (config is not null) await changes.CommitConfigAsync(dom, config, ct).ConfigureAwait(false);
        if (t.Live) changes.PublishTunable(dom, [TypedParameter.String("cputune.emulatorpin", set.ToString())]);
    }

    public IReadOnlyList<bool> EmulatorPinInfo(Guid uuid, ModifyFlags flags)
    {
        var def = DomainChanges.ReadTarget(changes.Get(uuid), flags);
        var set = def.CpuTune?.EmulatorPin ?? def.Vcpu?.CpuSet;
        var online = HostSnapshot.OnlineCpus().ToHashSet();
        return Enumerable.Range(0, HostSnapshot.PossibleCpuCount()).Select(c => set is null ? online.Contains(c) : set.Contains(c)).ToArray();
    }

    /// <summary>
    /// virDomainDefGetVcpu: any vCPU up to the maximum may be pinned, plugged in or not. libvirt's sentence
    /// counts the live maximum, and the saved definition's current count.
    /// </summary>
    private static void CheckVcpu(int vcpu, DomainDef def, string which, int shown)
    {
        if (vcpu < 0 || vcpu >= (int)Vcpus.VcpuChange.Maximum(def))
            throw VirErrors.InvalidArg($"vcpu {vcpu} is out of range of {which} cpu count {shown}", VirErrorDomain.Qemu);
    }

    private static DomainDef WithVcpuPin(DomainDef def, int vcpu, CpuSet set)
    {
        var tune = def.CpuTune ?? new CpuTuneDef();
        var pins = tune.VcpuPins.Where(p => p.Vcpu != vcpu).Append(new VcpuPinDef((uint)vcpu, set)).OrderBy(p => p.Vcpu).ToList();
        return def with { CpuTune = tune with { VcpuPins = pins } };
    }

    private static DomainDef WithEmulatorPin(DomainDef def, CpuSet set) =>
        def with { CpuTune = (def.CpuTune ?? new CpuTuneDef()) with { EmulatorPin = set } };

    /// <summary>A thread that ended meanwhile needs no affinity.</summary>
    private static void SetIfAlive(int tid, IReadOnlyList<int> cpus)
    {
        try
        {
            ThreadAffinity.Set(tid, cpus);
        }
        catch (Platform.Native.PlatformException e) when (e.Errno == Platform.Native.Errno.ESRCH)
        {
        }
    }
}
