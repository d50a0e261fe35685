using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Vireo.Core.Networks;
using Vireo.Drivers.Runtime;

namespace Vireo.Drivers.Networks;

/// <summary>
/// libvirt's network driver for bridge networks. One instance per Vireo instance, shared by its QEMU and
/// container connections. Changes run one at a time behind a gate and are persisted
/// (<see cref="NetworkStore"/>) before they are visible; reads take the lock only to copy references
/// (<see cref="DefinedObjects{TObj,TDef}"/>). Effects on the host go through <see cref="INetworkHost"/>.
/// </summary>
public sealed partial class NetworkDriver : INetworks
{
    private static readonly DefinedListBits ListBits = new(
        (ulong)NetworkListFlags.Active, (ulong)NetworkListFlags.Inactive, (ulong)NetworkListFlags.Persistent,
        (ulong)NetworkListFlags.Transient, (ulong)NetworkListFlags.Autostart, (ulong)NetworkListFlags.NoAutostart);

    private readonly DefinedObjects<NetworkObject, NetworkDef> _networks;
    private readonly NetworkStore _store;
    private readonly INetworkHost _host;
    private readonly ILogger _log;

    public NetworkDriver(NetworkStore store, INetworkHost host, ILogger log)
    {
        _networks = new(store, (def, persistent) => new NetworkObject(def, persistent), "Network", log);
        _store = store;
        _host = host;
        _log = log;
    }

    public event Action<NetworkEvent>? Changed;

    /// <summary>
    /// Loads the definitions, takes back the networks that were active (an isolated one only while its
    /// bridge is still there), then starts the autostart ones. A network that cannot start is logged and left inactive.
    /// </summary>
    public Task StartAsync(CancellationToken ct) => _networks.LoadAsync(ResumeAsync, (net, ct) => StartAsync(net.Ref, ct), ct);

    /// <summary>
    /// A network that was active when the daemon stopped: still active while its bridge is there, with its
    /// firewall table and dnsmasq put back if they went meanwhile (dnsmasq outlives the daemon, as libvirt's does).
    /// </summary>
    private async Task<string?> ResumeAsync(NetworkObject net, CancellationToken ct)
    {
        var def = net.Def;
        if (def.Bridge is not { } bridge || !await _host.BridgeExistsAsync(bridge, ct).ConfigureAwait(false))
            return $"its bridge '{def.Bridge}' is gone";
        try
        {
            if (NetworkFirewall.Applies(def) && !await _host.FirewallPresentAsync(def, ct).ConfigureAwait(false))
                await _host.AddFirewallAsync(def, RunFiles(def), ct).ConfigureAwait(false);
            if (def.RunsDnsmasq && !_host.DnsmasqRunning(RunFiles(def)))
                await _host.StartDnsmasqAsync(def, RunFiles(def), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or Core.Errors.VirException)
        {
            _log.LogWarning("Network '{Network}' is active but its services could not be restored: {Error}", def.Name, e.Message);
        }
        return null;
    }

    /// <summary>virNetworkGetDHCPLeases: what dnsmasq's lease file holds for the network (empty when it serves no DHCP).</summary>
    public IReadOnlyList<DhcpLease> DhcpLeases(NetworkRef network, string? mac)
    {
        var n = Find(network);
        NetworkDef def;
        lock (_networks.Sync) def = n.Def;
        string text;
        try { text = File.ReadAllText(RunFiles(def).Leases); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return []; }
        return Core.Networks.DhcpLeases.Parse(text, def, mac);
    }

    private NetworkRunFiles RunFiles(NetworkDef def) => new(_store.StatusDir, def.Name);

    public IReadOnlyList<NetworkRef> ListNetworks(NetworkListFlags flags) =>
        _networks.List((ulong)flags, ListBits).OrderBy(n => n.Name, StringComparer.Ordinal).Select(n => n.Ref).ToList();

    public NetworkRef LookupByName(string name) => _networks.FindByName(name, () => NetworkErrors.NoNetworkByName(name)).Ref;

    public NetworkRef LookupByUuid(Guid uuid) => _networks.FindByUuid(uuid, () => NetworkErrors.NoNetworkByUuid(uuid)).Ref;

    public NetworkInfo Info(NetworkRef network)
    {
        var n = Find(network);
        lock (_networks.Sync) return new NetworkInfo(n.Active, n.Persistent, n.Autostart, n.Def.Bridge);
    }

    public string Xml(NetworkRef network, bool inactive)
    {
        var n = Find(network);
        lock (_networks.Sync) return NetworkXml.Format(inactive && n.NextDef is { } next ? next : n.Def);
    }

    public string BridgeName(NetworkRef network)
    {
        var n = Find(network);
        lock (_networks.Sync) return n.Def.Bridge ?? throw NetworkErrors.NoBridgeName(n.Def.Name);
    }

    /// <summary>The network the wire names: by uuid, as libvirt's networkObjFromNetwork ("... matching uuid 'U' (NAME)").</summary>
    private NetworkObject Find(NetworkRef network) =>
        _networks.FindByUuid(network.Uuid, () => NetworkErrors.NoNetworkByUuid(network.Uuid, network.Name));

    private static byte[] RandomBytes() => RandomNumberGenerator.GetBytes(3);

    private void Raise(NetworkRef network, NetworkEventType type) => _networks.Publish(Changed, new NetworkEvent(network, type));
}
