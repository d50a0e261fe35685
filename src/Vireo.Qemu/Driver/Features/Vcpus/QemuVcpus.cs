using System.Runtime.CompilerServices;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.Qemu.Driver.Features.Vcpus;

/// <summary>
/// virsh setvcpus on the QEMU driver: the saved definition's count and maximum (under the domain's job,
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
}
