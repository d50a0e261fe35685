namespace Vireo.Drivers.NodeDevices;

/// <summary>virNodeDeviceEventLifecycleType.</summary>
public enum NodeDeviceLifecycle { Created = 0, Deleted = 1, Defined = 2, Undefined = 3 }

/// <summary>
/// A node device event: a lifecycle change (VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE), or, with no lifecycle,
/// an update of a device that stays (VIR_NODE_DEVICE_EVENT_ID_UPDATE).
/// </summary>
public sealed record NodeDeviceEvent(string Device, NodeDeviceLifecycle? Lifecycle)
{
    public static NodeDeviceEvent Updated(string device) => new(device, null);
}
