using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Driver.Features.BlockJobs;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.BlockThreshold;

/// <summary>
/// Re-arms the watch of a guest a previous engine started: the thresholds QEMU still holds are read back from its
/// block nodes, so their BLOCK_THRESHOLD events still go out and domstats still shows them. A fresh guest has none.
/// </summary>
internal sealed class ThresholdReconnectHook(DomainEventBus events) : IGuestRunHook
{
    public Task StartingAsync(DomainObject dom, GuestProcess guest, CancellationToken ct) => Task.CompletedTask;

    public async Task ReconnectedAsync(DomainObject dom, GuestProcess guest, CancellationToken ct)
    {
        if (guest.Live.Devices.Disks.Count == 0) return;
        var monitor = guest.RequireMonitor();
        var block = await monitor.ExecuteAsync(QmpCommands.QueryBlock(), ct).ConfigureAwait(false);
        var nodes = await monitor.ExecuteAsync(QmpCommands.QueryNamedBlockNodes(flat: true), ct).ConfigureAwait(false);
        var thresholds = BlockStatsRecords.NodeThresholds(nodes);
        if (thresholds.Count == 0) return;
        var graph = BlockGraph.Parse(block, nodes, guest.DiskDevices);
        foreach (var a in ArmedThresholds.Find(guest.Live, graph, thresholds))
            ThresholdWatch.For(guest, dom.Ref, events).Set(a.Node, a.Dev, a.Path, a.Threshold);
    }

    public Task EndedAsync(string name, int id) => Task.CompletedTask;
}
