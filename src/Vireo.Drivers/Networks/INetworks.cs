namespace Vireo.Drivers.Networks;

/// <summary>A network as the wire names it (remote_nonnull_network).</summary>
public readonly record struct NetworkRef(string Name, Guid Uuid);

/// <summary>What virsh net-info shows.</summary>
public sealed record NetworkInfo(bool Active, bool Persistent, bool Autostart, string? Bridge);

/// <summary>virConnectListAllNetworksFlags.</summary>
[Flags]
public enum NetworkListFlags : uint
{
    None = 0,
    Inactive = 1 << 0,
    Active = 1 << 1,
    Persistent = 1 << 2,
    Transient = 1 << 3,
    Autostart = 1 << 4,
    NoAutostart = 1 << 5,
}

/// <summary>virNetworkEventLifecycleType.</summary>
public enum NetworkEventType
{
    Defined = 0,
    Undefined = 1,
    Started = 2,
    Stopped = 3,
}

/// <summary>virNetworkDefineFlags.</summary>
[Flags]
public enum NetworkDefineFlags : uint { None = 0, Validate = 1 }

/// <summary>virNetworkCreateFlags.</summary>
[Flags]
public enum NetworkCreateFlags : uint { None = 0, Validate = 1 }

/// <summary>virNetworkUpdateFlags: AFFECT_CURRENT (0) is the running network when active, else its saved definition.</summary>
[Flags]
public enum NetworkUpdateFlags : uint { Current = 0, Live = 1, Config = 2 }

public sealed record NetworkEvent(NetworkRef Network, NetworkEventType Type);

/// <summary>
/// libvirt's virtual-network API over Vireo's bridge networks: isolated bridges Vireo creates, and host
/// bridges the administrator runs (&lt;forward mode='bridge'/&gt;). Shared by every hypervisor connection of
/// one Vireo instance. Reads answer from memory; changes are serialised and persisted before they return.
/// Every error is libvirt's code and sentence.
/// </summary>
public interface INetworks
{
    IReadOnlyList<NetworkRef> ListNetworks(NetworkListFlags flags);
    NetworkRef LookupByName(string name);
    NetworkRef LookupByUuid(Guid uuid);
    Task<NetworkRef> DefineAsync(string xml, CancellationToken ct);
    /// <summary>virNetworkDefineXMLFlags: with <see cref="NetworkDefineFlags.Validate"/> the XML must pass libvirt's network.rng first.</summary>
    Task<NetworkRef> DefineAsync(string xml, NetworkDefineFlags flags, CancellationToken ct);
    /// <summary>A transient network, started at once (gone when destroyed).</summary>
    Task<NetworkRef> CreateAsync(string xml, CancellationToken ct);
    /// <summary>virNetworkCreateXMLFlags: <see cref="CreateAsync(string, CancellationToken)"/>, optionally validated as <see cref="DefineAsync(string, NetworkDefineFlags, CancellationToken)"/>.</summary>
    Task<NetworkRef> CreateAsync(string xml, NetworkCreateFlags flags, CancellationToken ct);
    Task StartAsync(NetworkRef network, CancellationToken ct);
    Task DestroyAsync(NetworkRef network, CancellationToken ct);
    Task UndefineAsync(NetworkRef network, CancellationToken ct);
    Task SetAutostartAsync(NetworkRef network, bool autostart, CancellationToken ct);
    NetworkInfo Info(NetworkRef network);
    string Xml(NetworkRef network, bool inactive);
    /// <summary>The bridge's name, or libvirt's "does not have a bridge name" error.</summary>
    string BridgeName(NetworkRef network);
    /// <summary>virNetworkGetDHCPLeases: the leases dnsmasq handed out on the network, all or those of one MAC.</summary>
    IReadOnlyList<Core.Networks.DhcpLease> DhcpLeases(NetworkRef network, string? mac);

    /// <summary>
    /// virNetworkUpdate (virsh net-update): one DHCP &lt;host&gt; or &lt;range&gt; added, changed or removed
    /// (<see cref="Core.Networks.NetworkUpdate"/>) in the running network, whose dnsmasq then serves the change,
    /// and/or in its saved definition.
    /// </summary>
    Task UpdateAsync(NetworkRef network, Core.Networks.NetworkUpdateCommand command, Core.Networks.NetworkUpdateSection section,
        int parentIndex, string xml, NetworkUpdateFlags flags, CancellationToken ct);

    /// <summary>Raised after a network was defined, undefined, started or stopped. Handlers must not block.</summary>
    event Action<NetworkEvent>? Changed;
}
