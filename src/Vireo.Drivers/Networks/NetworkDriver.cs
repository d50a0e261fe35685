using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Vireo.Core.Networks;
using Vireo.Drivers.Runtime;

namespace Vireo.Drivers.Networks;

/// <summary>
/// libvirt's network driver for bridge networks. One instance per Vireo instance, shared by its QEMU and
/// container connections. Changes run one at a time behind a gate and are persisted
/// (<see cref="NetworkStore"/>) before they are visible; reads take the lock only to copy references.
/// Effects on the host go through <see cref="INetworkHost"/>.
/// </summary>
public sealed partial class NetworkDriver : INetworks
{
    private readonly NetworkStore _store;
    private readonly INetworkHost _host;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _sync = new();
    private readonly List<NetworkObject> _networks = [];

    public NetworkDriver(NetworkStore store, INetworkHost host, ILogger log)
    {
        _store = store;
        _host = host;
        _log = log;
    }

    public event Action<NetworkEvent>? Changed;

    /// <summary>
    /// Loads the definitions, takes back the networks that were active (an isolated one only while its
    /// bridge is still there), then starts the autostart ones. A network that cannot start is logged and left inactive.
    /// </summary>
    public async Task StartAsync(CancellationToken ct)
    {
        _store.EnsureDirectories();
        var errors = new List<string>();
        foreach (var def in _store.LoadConfigs(errors))
            _networks.Add(new NetworkObject(def, persistent: true) { Autostart = _store.IsAutostart(def.Name) });
        foreach (var live in _store.LoadActive(errors))
        {
            var net = _networks.Find(n => n.Def.Uuid == live.Uuid);
            if (net is null) _networks.Add(net = new NetworkObject(live, persistent: false));
            else if (net.Def != live) (net.NextDef, net.Def) = (net.Def, live);
            if (live.Bridge is { } bridge && await _host.BridgeExistsAsync(bridge, ct).ConfigureAwait(false))
            {
                net.Active = true;
                continue;
            }
            _log.LogWarning("Network '{Network}' was active but its bridge '{Bridge}' is gone, so it is inactive", live.Name, live.Bridge);
            _store.RemoveActive(live.Name);
            net.ApplyNextDef();
            if (!net.Persistent) _networks.Remove(net);
        }
        foreach (var e in errors) _log.LogError("Network file skipped: {Error}", e);
        foreach (var net in _networks.Where(n => n.Autostart && !n.Active).ToList())
        {
            try
            {
                await StartAsync(net.Ref, ct).ConfigureAwait(false);
                _log.LogInformation("Network '{Network}' autostarted", net.Def.Name);
            }
            catch (Core.Errors.VirException e)
            {
                _log.LogError("Network '{Network}' could not be autostarted: {Error}", net.Def.Name, e.Message);
            }
        }
    }

    public IReadOnlyList<NetworkRef> ListNetworks(NetworkListFlags flags)
    {
        lock (_sync)
            return _networks.Where(n => Matches(n, flags)).OrderBy(n => n.Def.Name, StringComparer.Ordinal).Select(n => n.Ref).ToList();
    }

    /// <summary>libvirt's filter: within each pair of opposite bits, none set means either.</summary>
    private static bool Matches(NetworkObject n, NetworkListFlags f)
    {
        bool Pair(NetworkListFlags yes, NetworkListFlags no, bool value) => ListFilter.OppositePair((ulong)f, (ulong)yes, (ulong)no, value);
        return Pair(NetworkListFlags.Active, NetworkListFlags.Inactive, n.Active)
            && Pair(NetworkListFlags.Persistent, NetworkListFlags.Transient, n.Persistent)
            && Pair(NetworkListFlags.Autostart, NetworkListFlags.NoAutostart, n.Autostart);
    }

    public NetworkRef LookupByName(string name)
    {
        lock (_sync) return (_networks.Find(n => n.Def.Name == name) ?? throw NetworkErrors.NoNetworkByName(name)).Ref;
    }

    public NetworkRef LookupByUuid(Guid uuid)
    {
        lock (_sync) return (_networks.Find(n => n.Def.Uuid == uuid) ?? throw NetworkErrors.NoNetworkByUuid(uuid)).Ref;
    }

    public NetworkInfo Info(NetworkRef network)
    {
        var n = Find(network);
        lock (_sync) return new NetworkInfo(n.Active, n.Persistent, n.Autostart, n.Def.Bridge);
    }

    public string Xml(NetworkRef network, bool inactive)
    {
        var n = Find(network);
        lock (_sync) return NetworkXml.Format(inactive && n.NextDef is { } next ? next : n.Def);
    }

    public string BridgeName(NetworkRef network)
    {
        var n = Find(network);
        lock (_sync) return n.Def.Bridge ?? throw NetworkErrors.NoBridgeName(n.Def.Name);
    }

    /// <summary>The network the wire names: by uuid, as libvirt's networkObjFromNetwork ("... matching uuid 'U' (NAME)").</summary>
    private NetworkObject Find(NetworkRef network)
    {
        lock (_sync) return _networks.Find(n => n.Def.Uuid == network.Uuid) ?? throw NetworkErrors.NoNetworkByUuid(network.Uuid, network.Name);
    }

    private static byte[] RandomBytes() => RandomNumberGenerator.GetBytes(3);

    private void Raise(NetworkRef network, NetworkEventType type)
    {
        try { Changed?.Invoke(new NetworkEvent(network, type)); }
        catch (Exception e) { _log.LogError(e, "A network event handler failed"); }
    }
}
