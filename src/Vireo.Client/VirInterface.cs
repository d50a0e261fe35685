using Vireo.Core.HostInterfaces;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>A host network interface as a connection sees it (virInterfacePtr): its name and MAC address.</summary>
public sealed class VirInterface
{
    internal VirInterface(VirConnection connection, HostInterfaceRef reference)
    {
        Connection = connection;
        Ref = reference;
    }

    public VirConnection Connection { get; }
    public HostInterfaceRef Ref { get; }
    public string Name => Ref.Name;
    public string Mac => Ref.Mac;

    /// <summary>INTERFACE_GET_XML_DESC; inactive: the definition at next boot (the udev backend shows the same).</summary>
    public async Task<string> GetXmlDescAsync(bool inactive = false, CancellationToken ct = default) =>
        (await Connection.Rpc.CallAsync<IfaceFlagsArgs, StringValue>(RemoteProcedure.InterfaceGetXmlDesc, new IfaceFlagsArgs(Ref, inactive ? 1u : 0u), ct).ConfigureAwait(false)).Value;

    /// <summary>INTERFACE_IS_ACTIVE: the link is up (operstate "up").</summary>
    public async Task<bool> IsActiveAsync(CancellationToken ct = default) =>
        (await Connection.Rpc.CallAsync<IfaceArgs, IntValue>(RemoteProcedure.InterfaceIsActive, new IfaceArgs(Ref), ct).ConfigureAwait(false)).Value != 0;

    /// <summary>INTERFACE_CREATE, _DESTROY, _UNDEFINE (iface-start, iface-destroy, iface-undefine): refused by vireod, as by libvirtd's udev backend.</summary>
    public Task StartAsync(CancellationToken ct = default) => Connection.Rpc.CallVoidAsync(RemoteProcedure.InterfaceCreate, new IfaceFlagsArgs(Ref, 0), ct);
    public Task DestroyAsync(CancellationToken ct = default) => Connection.Rpc.CallVoidAsync(RemoteProcedure.InterfaceDestroy, new IfaceFlagsArgs(Ref, 0), ct);
    public Task UndefineAsync(CancellationToken ct = default) => Connection.Rpc.CallVoidAsync(RemoteProcedure.InterfaceUndefine, new IfaceArgs(Ref), ct);
}
