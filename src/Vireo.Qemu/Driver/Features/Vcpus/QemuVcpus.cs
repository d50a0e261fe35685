using System.Runtime.CompilerServices;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.Qemu.Driver.Features.Vcpus;

/// <summary>
/// virsh setvcpus and setvcpu on the QEMU driver: the saved definition's count and maximum (under the domain's job,
/// saved atomically; the next start boots with them: -smp current,maxcpus=max) and the running guest's
/// count (vCPU hot-plug, <see cref="VcpuHotplug"/>). Everything is checked before anything changes, so a
/// refused call leaves both definitions and the guest as they were; the guest is changed before the
/// saved definition, as libvirt does.
/// </summary>
internal sealed class QemuVcpus(DomainChanges changes) : IDomainVcpus
{
    private readonly VcpuHotplug _hotplug = new(changes);

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainVcpus>(ctx => new QemuVcpus(new DomainChanges(ctx)));

    public async ValueTask SetVcpusAsync(Guid uuid, uint count, VcpuModFlags flags, CancellationToken ct)
    {
        // The guest agent's side (--guest) is IDomainGuestVcpus; the protocol layer sends it there.
        if (flags.HasFlag(VcpuModFlags.Guest))
            throw new ArgumentException("VIR_DOMAIN_VCPU_GUEST is IDomainGuestVcpus.SetCountAsync", nameof(flags));
        var dom = changes.Get(uuid);
        using var job = await changes.JobAsync(dom, "setvcpus", ct).ConfigureAwait(false);
        var t = VcpuChange.Targets(dom.Name, dom.IsActive, dom.IsPersistent, flags);
        if (flags.HasFlag(VcpuModFlags.Maximum))
        {
            await changes.CommitConfigAsync(dom, VcpuChange.WithMaximum(dom.Persistent!, count, t.Live), ct).ConfigureAwait(false);
            return;
        }
        var live = dom.Live ?? dom.Current;
        if (t.Live) VcpuChange.CheckAtMostMaximum(live, count, "live");
        var config = t.Config ? VcpuChange.WithCurrent(dom.Persistent!, count, flags.HasFlag(VcpuModFlags.Hotpluggable)) : null;
        if (t.Live) await _hotplug.SetLiveCountAsync(dom, DomainChanges.Running(dom), count, ct).ConfigureAwait(false);
        if (config is not null) await changes.CommitConfigAsync(dom, config, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// virsh setvcpu: libvirt's checks in its order (flags, state, list; each definition's size; the saved
    /// change, then the live one, as libvirtd 9.0 answers a call both refuse), then the hot-plug, then the
    /// saved definition.
    /// </summary>
    public async ValueTask SetVcpuAsync(Guid uuid, string cpuList, int state, ModifyFlags flags, CancellationToken ct)
    {
        VirErrors.CheckFlags((uint)flags, (uint)(ModifyFlags.Live | ModifyFlags.Config), "qemuDomainSetVcpu");
        var ids = VcpuSelection.Parse(cpuList, state);
        var enable = state == 1;
        var dom = changes.Get(uuid);
        using var job = await changes.JobAsync(dom, "setvcpu", ct).ConfigureAwait(false);
        var t = VcpuChange.Targets(dom.Name, dom.IsActive, dom.IsPersistent, (VcpuModFlags)(uint)flags);
        if (t.Config) VcpuSelection.CheckPresent(dom.Persistent!, ids, "persistent");
        var guest = t.Live ? DomainChanges.Running(dom) : null;
        if (guest is not null) VcpuSelection.CheckPresent(guest.Live, ids, "live");
        var config = t.Config ? VcpuSelection.WithConfig(dom.Persistent!, ids, enable) : null;
        if (guest is not null) VcpuSelection.LivePlan(guest.Live, ids, enable);
        // Planned again on the definition as QEMU has it now: a vCPU whose unplug timed out may be gone.
        if (guest is not null) await _hotplug.ChangeAsync(dom, guest, live => VcpuSelection.LivePlan(live, ids, enable), ct).ConfigureAwait(false);
        if (config is not null) await changes.CommitConfigAsync(dom, config, ct).ConfigureAwait(false);
    }
}
