using Microsoft.Extensions.Logging;
using Vireo.Drivers.Runtime;

namespace Vireo.Qemu.Driver.Features.Perf;

/// <summary>
/// Opens the counters of the events the live &lt;perf&gt; enables once QEMU runs paused (a refusal fails the start,
/// as in libvirt), reopens them for a guest a previous engine started (a refusal there is logged and that event
/// stays closed), and closes them all when the guest ends.
/// </summary>
internal sealed class PerfRunHook(ILogger log) : IGuestRunHook
{
    public Task StartingAsync(DomainObject dom, GuestProcess guest, CancellationToken ct)
    {
        var counters = GuestPerfCounters.For(guest);
        foreach (var name in guest.Live.Perf?.Enabled ?? []) counters.Open(name);
        return Task.CompletedTask;
    }

    public Task ReconnectedAsync(DomainObject dom, GuestProcess guest, CancellationToken ct)
    {
        var counters = GuestPerfCounters.For(guest);
        var closed = new List<KeyValuePair<string, bool>>();
        foreach (var name in guest.Live.Perf?.Enabled.ToList() ?? [])
        {
            try
            {
                counters.Open(name);
            }
            catch (Core.Errors.VirException e)
            {
                log.LogWarning("Domain {Name}: perf event {Event} could not be reopened after the engine restarted and is disabled: {Error}", dom.Name, name, e.Message);
                closed.Add(new(name, false));
            }
        }
        // As libvirt does, the live XML then says enabled='no' for it, so `virsh perf` and dumpxml tell the truth.
        if (closed.Count > 0) guest.Live = guest.Live with { Perf = Core.Domain.PerfDef.With(guest.Live.Perf, closed) };
        return Task.CompletedTask;
    }

    public Task EndedAsync(string name, int id)
    {
        GuestPerfCounters.End(name, id);
        return Task.CompletedTask;
    }
}
