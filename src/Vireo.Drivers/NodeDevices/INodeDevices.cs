using Vireo.Core.NodeDevices;

namespace Vireo.Drivers.NodeDevices;

/// <summary>
/// The host's devices as libvirt's node device driver lists them, read-only: vireod neither creates nor
/// detaches devices. Lookups of an unknown name throw VIR_ERR_NO_NODE_DEVICE.
/// </summary>
public interface INodeDevices
{
    /// <summary>Every device, sorted by name ("computer" included).</summary>
    IReadOnlyList<NodeDevice> List();

    /// <summary>The device of that name; "Node device not found: no node device with matching name 'x'" otherwise.</summary>
    NodeDevice Lookup(string name);

    /// <summary>
    /// Calls <paramref name="onEvent"/> for each device created, deleted or updated on the host from now on,
    /// until the returned handle is disposed. The callback runs on the watcher's thread: it must not block.
    /// </summary>
    IDisposable Watch(Action<NodeDeviceEvent> onEvent);
}
