using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>A host device as a connection sees it (virNodeDevicePtr): on the wire, only its name.</summary>
public sealed class VirNodeDevice
{
    internal VirNodeDevice(VirConnection connection, string name)
    {
        Connection = connection;
        Name = name;
    }

    public VirConnection Connection { get; }
    public string Name { get; }

    /// <summary>NODE_DEVICE_GET_XML_DESC: the device's XML as virsh nodedev-dumpxml prints it.</summary>
    public async Task<string> GetXmlDescAsync(CancellationToken ct = default) =>
        (await Connection.Rpc.CallAsync<StringFlagsArgs, StringValue>(RemoteProcedure.NodeDeviceGetXmlDesc, new StringFlagsArgs(Name, 0), ct).ConfigureAwait(false)).Value;

    /// <summary>NODE_DEVICE_GET_PARENT: the parent's name; null for "computer".</summary>
    public async Task<string?> GetParentAsync(CancellationToken ct = default) =>
        (await Connection.Rpc.CallAsync<StringValue, OptionalStringValue>(RemoteProcedure.NodeDeviceGetParent, new StringValue(Name), ct).ConfigureAwait(false)).Value;

    public async Task<int> NumOfCapsAsync(CancellationToken ct = default) => await IntAsync(RemoteProcedure.NodeDeviceNumOfCaps, ct).ConfigureAwait(false);

    /// <summary>NODE_DEVICE_LIST_CAPS: the capability names ("pci", "net", ...).</summary>
    public async Task<IReadOnlyList<string>> ListCapsAsync(CancellationToken ct = default)
    {
        var n = await NumOfCapsAsync(ct).ConfigureAwait(false);
        return (await Connection.Rpc.CallAsync<NodeDeviceListCapsArgs, NodeDeviceNamesRet>(RemoteProcedure.NodeDeviceListCaps, new NodeDeviceListCapsArgs(Name, n), ct).ConfigureAwait(false)).Names;
    }

    public async Task<bool> IsActiveAsync(CancellationToken ct = default) => await IntAsync(RemoteProcedure.NodeDeviceIsActive, ct).ConfigureAwait(false) != 0;
    public async Task<bool> IsPersistentAsync(CancellationToken ct = default) => await IntAsync(RemoteProcedure.NodeDeviceIsPersistent, ct).ConfigureAwait(false) != 0;
    public async Task<bool> GetAutostartAsync(CancellationToken ct = default) => await IntAsync(RemoteProcedure.NodeDeviceGetAutostart, ct).ConfigureAwait(false) != 0;

    private async Task<int> IntAsync(RemoteProcedure proc, CancellationToken ct) =>
        (await Connection.Rpc.CallAsync<StringValue, IntValue>(proc, new StringValue(Name), ct).ConfigureAwait(false)).Value;
}
