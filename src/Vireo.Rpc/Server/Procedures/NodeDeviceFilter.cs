using Vireo.Core.NodeDevices;

namespace Vireo.Rpc.Server.Procedures;

/// <summary>
/// CONNECT_LIST_ALL_NODE_DEVICES' flags (virNodeDeviceObjMatch): with any capability bit set, a device is
/// listed when it has one of the named capabilities; ACTIVE / INACTIVE keep active or inactive devices, and
/// every device vireod lists is active.
/// </summary>
public static class NodeDeviceFilter
{
    public static IReadOnlyList<NodeDevice> Apply(IReadOnlyList<NodeDevice> devices, uint flags)
    {
        var caps = flags & NodeDeviceCaps.AllCapFlags;
        var active = (flags & NodeDeviceCaps.ActiveFlag) != 0;
        var inactive = (flags & NodeDeviceCaps.InactiveFlag) != 0;
        return devices.Where(d =>
                (caps == 0 || d.CapNames.Any(n => NodeDeviceCaps.Parse(n) is { } c && (caps & c.Flag()) != 0))
                && (active == inactive || active))
            .ToList();
    }
}
