using Vireo.Core.Networks;
using Vireo.Drivers.Networks;

namespace Vireo.Drivers.Test;

/// <summary>
/// The network driver's effect interface kept in memory: bridges, firewall tables and dnsmasq instances as
/// sets, so fast tests exercise the real driver's rules, files and rollbacks without touching a host (the
/// real path, <see cref="LocalNetworkHost"/>, is tested inside network namespaces). A failure can be injected
/// at each step.
/// </summary>
public sealed class InMemoryNetworkHost : INetworkHost
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _bridges = [], _tables = [], _dnsmasqs = [];

    public bool FailCreate { get; set; }
    public bool FailDnsmasq { get; set; }

    public IReadOnlyList<string> Bridges { get { lock (_gate) return [.. _bridges.Order(StringComparer.Ordinal)]; } }
    /// <summary>The nftables tables loaded, by table name.</summary>
    public IReadOnlyList<string> Tables { get { lock (_gate) return [.. _tables.Order(StringComparer.Ordinal)]; } }
    /// <summary>The dnsmasq instances running, by configuration path.</summary>
    public IReadOnlyList<string> Dnsmasqs { get { lock (_gate) return [.. _dnsmasqs.Order(StringComparer.Ordinal)]; } }

    public bool Has(string bridge) { lock (_gate) return _bridges.Contains(bridge); }

    /// <summary>As a host reboot or an administrator would: everything gone.</summary>
    public void Clear() { lock (_gate) { _bridges.Clear(); _tables.Clear(); _dnsmasqs.Clear(); } }

    /// <summary>As if dnsmasq had died (or been killed) while the daemon was down.</summary>
    public void KillDnsmasqs() { lock (_gate) _dnsmasqs.Clear(); }

    public Task<bool> BridgeExistsAsync(string bridge, CancellationToken ct) => Task.FromResult(Has(bridge));

    public Task CreateBridgeAsync(NetworkDef def, CancellationToken ct)
    {
        if (FailCreate) throw new IOException("`ip link add` failed: Operation not permitted.");
        lock (_gate) _bridges.Add(def.Bridge!);
        return Task.CompletedTask;
    }

    public Task DeleteBridgeAsync(string bridge, CancellationToken ct)
    {
        lock (_gate) _bridges.Remove(bridge);
        return Task.CompletedTask;
    }

    public Task AddFirewallAsync(NetworkDef def, NetworkRunFiles files, CancellationToken ct)
    {
        lock (_gate) _tables.Add(NetworkFirewall.TableName(def));
        return Task.CompletedTask;
    }

    public Task RemoveFirewallAsync(NetworkDef def, CancellationToken ct)
    {
        lock (_gate) _tables.Remove(NetworkFirewall.TableName(def));
        return Task.CompletedTask;
    }

    public Task<bool> FirewallPresentAsync(NetworkDef def, CancellationToken ct)
    {
        lock (_gate) return Task.FromResult(_tables.Contains(NetworkFirewall.TableName(def)));
    }

    public Task StartDnsmasqAsync(NetworkDef def, NetworkRunFiles files, CancellationToken ct)
    {
        if (FailDnsmasq) throw new IOException("`dnsmasq` failed: dnsmasq: failed to create listening socket for 10.5.0.1: Address already in use.");
        lock (_gate) _dnsmasqs.Add(files.DnsmasqConfig);
        return Task.CompletedTask;
    }

    public Task StopDnsmasqAsync(NetworkRunFiles files, CancellationToken ct)
    {
        lock (_gate) _dnsmasqs.Remove(files.DnsmasqConfig);
        return Task.CompletedTask;
    }

    public bool DnsmasqRunning(NetworkRunFiles files) { lock (_gate) return _dnsmasqs.Contains(files.DnsmasqConfig); }

    /// <summary>The configuration each reload wrote, in order (what the real host would have made dnsmasq read).</summary>
    public List<string> Reloads { get; } = [];

    public async Task ReloadDnsmasqAsync(NetworkDef def, NetworkRunFiles files, CancellationToken ct)
    {
        await StopDnsmasqAsync(files, ct).ConfigureAwait(false);
        await StartDnsmasqAsync(def, files, ct).ConfigureAwait(false);
        lock (_gate) Reloads.Add(DnsmasqConfig.Format(def, files));
    }
}
