using Vireo.Core.Networks;

namespace Vireo.Drivers.Networks;

/// <summary>
/// Every effect the network driver has on the host, in one thin interface: bridges and their addresses, the
/// nftables table of a forwarding network, and the dnsmasq that serves DHCP and DNS on a bridge.
/// </summary>
public interface INetworkHost
{
    Task<bool> BridgeExistsAsync(string bridge, CancellationToken ct);
    /// <summary>Creates the bridge of a network Vireo runs (stp, delay, MTU, MAC), gives it the network's addresses and brings it up; on failure removes what it made.</summary>
    Task CreateBridgeAsync(NetworkDef def, CancellationToken ct);
    Task DeleteBridgeAsync(string bridge, CancellationToken ct);

    /// <summary>Turns IPv4 forwarding on and loads the network's nftables table (<see cref="NetworkFirewall"/>), replacing a stale one.</summary>
    Task AddFirewallAsync(NetworkDef def, NetworkRunFiles files, CancellationToken ct);
    /// <summary>Removes the network's table; nothing when it is not there.</summary>
    Task RemoveFirewallAsync(NetworkDef def, CancellationToken ct);
    Task<bool> FirewallPresentAsync(NetworkDef def, CancellationToken ct);

    /// <summary>Writes dnsmasq's files (<see cref="DnsmasqConfig"/>) and starts it; returns once it serves (dnsmasq reports its own start-up errors).</summary>
    Task StartDnsmasqAsync(NetworkDef def, NetworkRunFiles files, CancellationToken ct);
    /// <summary>Stops the dnsmasq this network's pid file names (only if it is that dnsmasq), and removes its files but the leases.</summary>
    Task StopDnsmasqAsync(NetworkRunFiles files, CancellationToken ct);
    bool DnsmasqRunning(NetworkRunFiles files);
    /// <summary>
    /// Makes the running dnsmasq serve the definition's DHCP hosts and ranges now: writes its configuration again and
    /// restarts it (the leases stay in the lease file, which the new dnsmasq reads).
    /// </summary>
    Task ReloadDnsmasqAsync(NetworkDef def, NetworkRunFiles files, CancellationToken ct);
}
