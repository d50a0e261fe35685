using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Params;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Tuning;

namespace Vireo.Qemu.Driver.Features.Perf;

/// <summary>
/// virsh perf as libvirt 9.0's QEMU driver does it: a live enable opens a kernel counter on the QEMU process
/// (<see cref="GuestPerfCounters"/>), a disable closes it, and the live &lt;perf&gt; records yes/no for each event
/// named; --config edits the saved &lt;perf&gt;. Unlike libvirt, which keeps the events it enabled before one
/// failed, a refused enable closes the counters this call opened and records nothing.
/// </summary>
internal sealed class QemuPerf(DomainChanges changes) : IDomainPerf
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "Features register themselves with the driver (QemuFeatureRegistry).")]
    internal static void Register() => QemuFeatureRegistry.Add<IDomainPerf>(ctx =>
    {
        ctx.Hooks.Add(new PerfRunHook(ctx.Log));
        return new QemuPerf(new DomainChanges(ctx));
    });

    public ValueTask<IReadOnlyList<TypedParameter>> GetPerfEventsAsync(Guid uuid, ModifyFlags flags, CancellationToken ct)
    {
        var dom = changes.Get(uuid);
        RefuseLiveWhenOff(dom, flags);
        if (DomainChanges.ReadsLive(dom, flags))
        {
            var counters = GuestPerfCounters.For(DomainChanges.Running(dom));
            return ValueTask.FromResult(PerfParams.All(counters.IsOpen));
        }
        var perf = dom.Persistent!.Perf;
        return ValueTask.FromResult(PerfParams.All(n => perf?.IsEnabled(n) == true));
    }

    public async ValueTask SetPerfEventsAsync(Guid uuid, IReadOnlyList<TypedParameter> events, ModifyFlags flags, CancellationToken ct)
    {
        var wanted = PerfParams.Read(events);
        var dom = changes.Get(uuid);
        using var job = await changes.JobAsync(dom, "perf", ct).ConfigureAwait(false);
        RefuseLiveWhenOff(dom, flags);
        var t = DomainChanges.Targets(dom, flags);
        if (t.Live)
        {
            var guest = DomainChanges.Running(dom);
            var counters = GuestPerfCounters.For(guest);
            var opened = new List<string>();
            try
            {
                foreach (var (name, _) in wanted.Where(w => w.Value && !counters.IsOpen(w.Key)))
                {
                    counters.Open(name);
                    opened.Add(name);
                }
            }
            catch
            {
                foreach (var name in opened) counters.Close(name);
                throw;
            }
            foreach (var (name, _) in wanted.Where(w => !w.Value)) counters.Close(name);
            await changes.CommitLiveAsync(dom, guest, guest.Live with { Perf = PerfDef.With(guest.Live.Perf, wanted) }, ct).ConfigureAwait(false);
        }
        if (t.Config)
            await changes.CommitConfigAsync(dom, dom.Persistent! with { Perf = PerfDef.With(dom.Persistent!.Perf, wanted) }, ct).ConfigureAwait(false);
    }

    /// <summary>libvirt's words for a live read or change of a shut-off domain.</summary>
    private static void RefuseLiveWhenOff(Drivers.Runtime.DomainObject dom, ModifyFlags flags)
    {
        if (flags.HasFlag(ModifyFlags.Live) && !dom.IsActive) throw Core.Errors.VirErrors.NotRunning(dom.Name);
    }
}
