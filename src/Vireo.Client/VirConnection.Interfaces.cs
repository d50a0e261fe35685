using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;

namespace Vireo.Client;

/// <summary>The host's network interfaces (virsh's iface-* commands): lists, lookups, and libvirt's change transaction.</summary>
public sealed partial class VirConnection
{
    /// <summary>VIR_CONNECT_LIST_INTERFACES_INACTIVE and _ACTIVE, the filters of <see cref="ListInterfacesAsync"/>.</summary>
    public const uint ListInterfacesInactive = 1, ListInterfacesActive = 2;

    /// <summary>CONNECT_LIST_ALL_INTERFACES: flags 0 for every interface, or <see cref="ListInterfacesActive"/> / <see cref="ListInterfacesInactive"/>.</summary>
    public async Task<IReadOnlyList<VirInterface>> ListInterfacesAsync(uint flags = 0, CancellationToken ct = default)
    {
        var r = await Rpc.CallAsync<ListAllDomainsArgs, IfaceListRet>(RemoteProcedure.ConnectListAllInterfaces, new ListAllDomainsArgs(1, flags), ct).ConfigureAwait(false);
        return r.Ifaces.Select(i => new VirInterface(this, i)).ToList();
    }

    /// <summary>CONNECT_NUM_OF_INTERFACES (active) or CONNECT_NUM_OF_DEFINED_INTERFACES (inactive), the older calls.</summary>
    public async Task<int> NumOfInterfacesAsync(bool active = true, CancellationToken ct = default) =>
        (await Rpc.CallAsync<VoidRecord, IntValue>(active ? RemoteProcedure.ConnectNumOfInterfaces : RemoteProcedure.ConnectNumOfDefinedInterfaces, default, ct).ConfigureAwait(false)).Value;

    /// <summary>CONNECT_LIST_INTERFACES or CONNECT_LIST_DEFINED_INTERFACES: names, as python-libvirt's listInterfaces() / listDefinedInterfaces() get them.</summary>
    public async Task<IReadOnlyList<string>> ListInterfaceNamesAsync(bool active = true, CancellationToken ct = default)
    {
        var n = await NumOfInterfacesAsync(active, ct).ConfigureAwait(false);
        var proc = active ? RemoteProcedure.ConnectListInterfaces : RemoteProcedure.ConnectListDefinedInterfaces;
        return (await Rpc.CallAsync<IntValue, NameListRet>(proc, new IntValue(n), ct).ConfigureAwait(false)).Names;
    }

    /// <summary>INTERFACE_LOOKUP_BY_NAME; "Interface not found: couldn't find interface named 'x'" otherwise.</summary>
    public async Task<VirInterface> LookupInterfaceAsync(string name, CancellationToken ct = default) =>
        new(this, (await Rpc.CallAsync<StringValue, IfaceArgs>(RemoteProcedure.InterfaceLookupByName, new StringValue(name), ct).ConfigureAwait(false)).Iface);

    /// <summary>INTERFACE_LOOKUP_BY_MAC_STRING: the one interface with that MAC (libvirtd's udev backend takes a pattern).</summary>
    public async Task<VirInterface> LookupInterfaceByMacAsync(string mac, CancellationToken ct = default) =>
        new(this, (await Rpc.CallAsync<StringValue, IfaceArgs>(RemoteProcedure.InterfaceLookupByMacString, new StringValue(mac), ct).ConfigureAwait(false)).Iface);

    /// <summary>INTERFACE_DEFINE_XML (vireod, like libvirtd's udev backend, does not change host interfaces and refuses it).</summary>
    public async Task<VirInterface> DefineInterfaceAsync(string xml, CancellationToken ct = default) =>
        new(this, (await Rpc.CallAsync<StringFlagsArgs, IfaceArgs>(RemoteProcedure.InterfaceDefineXml, new StringFlagsArgs(xml, 0), ct).ConfigureAwait(false)).Iface);

    /// <summary>INTERFACE_CHANGE_BEGIN, _COMMIT, _ROLLBACK: netcf's transaction around host interface changes (iface-begin, ...).</summary>
    public Task InterfaceChangeBeginAsync(CancellationToken ct = default) => Rpc.CallVoidAsync(RemoteProcedure.InterfaceChangeBegin, new UIntValue(0), ct);
    public Task InterfaceChangeCommitAsync(CancellationToken ct = default) => Rpc.CallVoidAsync(RemoteProcedure.InterfaceChangeCommit, new UIntValue(0), ct);
    public Task InterfaceChangeRollbackAsync(CancellationToken ct = default) => Rpc.CallVoidAsync(RemoteProcedure.InterfaceChangeRollback, new UIntValue(0), ct);
}
