using Vireo.Drivers.Runtime;
using Vireo.Platform.Processes;
using Vireo.Qemu.Driver.Features.Debug;

namespace Vireo.Qemu.Driver.Features.IoThreads;

/// <summary>
/// Applies &lt;cputune&gt;&lt;iothreadpin&gt; while QEMU is still paused: each pinned IOThread's host thread (from
/// query-iothreads) gets its CPUs. Runs after the cgroup hook, which gave every non-vCPU thread the emulator's CPUs.
/// </summary>
internal sealed class IoThreadPinHook : IGuestRunHook
{
    public async Task StartingAsync(DomainObject dom, GuestProcess guest, CancellationToken ct)
    {
        var pins = guest.Live.CpuTune?.IoThreadPins ?? [];
        if (pins.Count == 0) return;
        var monitor = guest.RequireMonitor(); // the domain has no handle yet: it is still starting
        var what = $"cannot pin the IOThreads of domain '{dom.Name}'";
        var running = IoThreadQmp.Parse(await MonitorAccess.RunAsync(monitor, IoThreadQmp.Query(), what, ct).ConfigureAwait(false));
        foreach (var pin in pins)
            if (running.FirstOrDefault(t => t.Id == pin.IoThread) is { ThreadId: > 0 } thread)
                Tuning.DomainChanges.Kernel(dom.Name, $"the affinity of IOThread {pin.IoThread}", () => ThreadAffinity.Set(thread.ThreadId, pin.CpuSet));
    }

    public Task ReconnectedAsync(DomainObject dom, GuestProcess guest, CancellationToken ct) => Task.CompletedTask;

    public Task EndedAsync(string name, int id) => Task.CompletedTask;
}
