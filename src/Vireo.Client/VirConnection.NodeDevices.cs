using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>Host devices: lists and lookups (virsh's nodedev-* commands).</summary>
public sealed partial class VirConnection
{
    /// <summary>CONNECT_LIST_ALL_NODE_DEVICES with libvirt's filter flags (VIR_CONNECT_LIST_NODE_DEVICES_*; none: every device).</summary>
    public async Task<IReadOnlyList<VirNodeDevice>> ListNodeDevicesAsync(uint flags = 0, CancellationToken ct = default)
    {
        var r = await Rpc.CallAsync<ListAllDomainsArgs, NodeDeviceListRet>(RemoteProcedure.ConnectListAllNodeDevices, new ListAllDomainsArgs(1, flags), ct).ConfigureAwait(false);
        return r.Devices.Select(n => new VirNodeDevice(this, n)).ToList();
    }

    /// <summary>NODE_NUM_OF_DEVICES: how many devices have the capability (null: all).</summary>
    public async Task<int> NumOfNodeDevicesAsync(string? cap = null, CancellationToken ct = default) =>
        (await Rpc.CallAsync<NodeNumOfDevicesArgs, IntValue>(RemoteProcedure.NodeNumOfDevices, new NodeNumOfDevicesArgs(cap, 0), ct).ConfigureAwait(false)).Value;

    /// <summary>NODE_LIST_DEVICES: the names of the devices with the capability (null: all), the older listing call.</summary>
    public async Task<IReadOnlyList<string>> ListNodeDeviceNamesAsync(string? cap = null, CancellationToken ct = default)
    {
        var n = await NumOfNodeDevicesAsync(cap, ct).ConfigureAwait(false);
        return (await Rpc.CallAsync<NodeListDevicesArgs, NodeDeviceNamesRet>(RemoteProcedure.NodeListDevices, new NodeListDevicesArgs(cap, n, 0), ct).ConfigureAwait(false)).Names;
    }

    /// <summary>NODE_DEVICE_LOOKUP_BY_NAME; "Node device not found: no node device with matching name 'x'" otherwise.</summary>
    public async Task<VirNodeDevice> LookupNodeDeviceAsync(string name, CancellationToken ct = default) =>
        new(this, (await Rpc.CallAsync<StringValue, StringValue>(RemoteProcedure.NodeDeviceLookupByName, new StringValue(name), ct).ConfigureAwait(false)).Value);
}
