using Vireo.Core.NodeDevices;

namespace Vireo.Drivers.NodeDevices;

/// <summary>
/// What changed between two listings of the host's devices, as node device events: devices gone are
/// deleted, new ones created (each in name order), and a device in both is updated when its XML differs
/// or the kernel announced a "change" for its sysfs directory (libvirt sends an update for every udev
/// "change"; a change that alters nothing libvirt shows still counts, as it does there).
/// </summary>
public static class NodeDeviceChanges
{
    public static IReadOnlyList<NodeDeviceEvent> Between(
        IReadOnlyList<NodeDevice> before, IReadOnlyList<NodeDevice> after, IReadOnlySet<string> changedSysfsPaths)
    {
        var old = before.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var now = after.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var events = new List<NodeDeviceEvent>();
        events.AddRange(old.Keys.Where(n => !now.ContainsKey(n)).Order(StringComparer.Ordinal)
            .Select(n => new NodeDeviceEvent(n, NodeDeviceLifecycle.Deleted)));
        events.AddRange(now.Keys.Where(n => !old.ContainsKey(n)).Order(StringComparer.Ordinal)
            .Select(n => new NodeDeviceEvent(n, NodeDeviceLifecycle.Created)));
        foreach (var name in now.Keys.Where(old.ContainsKey).Order(StringComparer.Ordinal))
        {
            var (was, @is) = (old[name], now[name]);
            if ((@is.SysfsPath is { } path && changedSysfsPaths.Contains(path)) || NodeDeviceXml.Format(was) != NodeDeviceXml.Format(@is))
                events.Add(NodeDeviceEvent.Updated(name));
        }
        return events;
    }
}
