using System.Runtime.CompilerServices;
using Vireo.Core.State;
using Vireo.Drivers.Events;

namespace Vireo.Qemu.Driver.Features.BlockThreshold;

/// <summary>
/// The thresholds set on one running guest, by block node, and the watch that turns QEMU's BLOCK_WRITE_THRESHOLD
/// into libvirt's BLOCK_THRESHOLD event. QEMU clears a threshold once it fires, and so does the watch. One per guest
/// process, made on first use; it ends with the process (the event source goes away with it).
/// </summary>
internal sealed class ThresholdWatch
{
    private static readonly ConditionalWeakTable<GuestProcess, ThresholdWatch> Watches = new();
    private readonly Dictionary<string, (string Dev, string? Path)> _byNode = new(StringComparer.Ordinal);
    private readonly DomainRef _dom;
    private readonly DomainEventBus _bus;

    private ThresholdWatch(GuestProcess guest, DomainRef dom, DomainEventBus bus)
    {
        _dom = dom;
        _bus = bus;
        guest.QmpEventReceived += OnEvent;
    }

    public static ThresholdWatch For(GuestProcess guest, DomainRef dom, DomainEventBus bus) =>
        Watches.GetValue(guest, g => new ThresholdWatch(g, dom, bus));

    /// <summary>Whether a threshold is set on any node of this guest (domstats then reads QEMU's nodes for it).</summary>
    public static bool AnySet(GuestProcess guest)
    {
        if (!Watches.TryGetValue(guest, out var w)) return false;
        lock (w._byNode) return w._byNode.Count > 0;
    }

    /// <summary>Records (or, for 0, forgets) the threshold of a node, named as the event will name it.</summary>
    public void Set(string node, string dev, string? path, ulong threshold)
    {
        lock (_byNode)
        {
            if (threshold == 0) _byNode.Remove(node);
            else _byNode[node] = (dev, path);
        }
    }

    private void OnEvent(Qmp.QmpEvent e)
    {
        if (ThresholdQmp.Parse(e) is not { } crossed) return;
        (string Dev, string? Path) which;
        lock (_byNode)
        {
            if (!_byNode.Remove(crossed.NodeName, out which)) return;
        }
        _bus.Publish(new BlockThresholdEvent(_dom, which.Dev, which.Path, crossed.Threshold, crossed.AmountExceeded));
    }
}
