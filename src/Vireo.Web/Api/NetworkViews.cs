using Vireo.Core.Errors;
using Vireo.Drivers.Networks;

namespace Vireo.Web.Api;

/// <summary>Network objects from the network driver's in-memory reads (virsh net-list's state words).</summary>
public sealed class NetworkViews(INetworks networks) : SharedObjectViews<NetworkRef, NetworkView>(VirErrorCode.NoNetwork)
{
    public INetworks Driver => networks;

    /// <summary>The pure part: a network object from its reference and info.</summary>
    public static NetworkView From(NetworkRef n, NetworkInfo info) =>
        new(n.Name, n.Uuid, info.Active ? "active" : "inactive", info.Active, info.Persistent, info.Autostart, info.Bridge);

    /// <summary>One network by name; libvirt's VIR_ERR_NO_NETWORK when there is none.</summary>
    public NetworkView Get(string name) => Build(networks.LookupByName(name));

    protected override Guid UuidOf(NetworkRef r) => r.Uuid;
    protected override string NameOf(NetworkRef r) => r.Name;
    protected override IEnumerable<NetworkRef> All() => networks.ListNetworks(NetworkListFlags.None);
    protected override NetworkRef Current(NetworkRef r) => networks.LookupByUuid(r.Uuid);
    protected override NetworkView Describe(NetworkRef r) => From(r, networks.Info(r));

    protected override NetworkView Inactive(NetworkRef r, NetworkView? last) =>
        (last ?? new NetworkView(r.Name, r.Uuid, "inactive", false, false, false, null)) with { State = "inactive", Active = false };
}
