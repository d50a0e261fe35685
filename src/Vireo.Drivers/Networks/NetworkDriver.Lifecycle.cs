using Microsoft.Extensions.Logging;
using Vireo.Core.Networks;

namespace Vireo.Drivers.Networks;

// Network lifecycle: define, create (transient), start, destroy, undefine, autostart. Each change holds the
// write gate, touches the host and the disk first and the in-memory state last, so a failure leaves both as they were.
public sealed partial class NetworkDriver
{
    public async Task<NetworkRef> DefineAsync(string xml, CancellationToken ct)
    {
        var parsed = NetworkXml.Parse(xml);
        NetworkXml.CheckRunnable(parsed);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var existing = CheckConflicts(parsed, out var def);
            await _store.SaveConfigAsync(def, ct).ConfigureAwait(false);
            lock (_sync)
            {
                if (existing is null) _networks.Add(new NetworkObject(def, persistent: true));
                else if (existing.Active) (existing.NextDef, existing.Persistent) = (def, true);
                else (existing.Def, existing.Persistent) = (def, true);
            }
            Raise(new NetworkRef(def.Name, def.Uuid), NetworkEventType.Defined);
            return new NetworkRef(def.Name, def.Uuid);
        }
        finally { _gate.Release(); }
    }

    public async Task<NetworkRef> CreateAsync(string xml, CancellationToken ct)
    {
        var parsed = NetworkXml.Parse(xml);
        NetworkXml.CheckRunnable(parsed);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (CheckConflicts(parsed, out var def) is { } existing)
                throw existing.Active ? NetworkErrors.AlreadyActive() : NetworkErrors.Exists(def.Name, existing.Def.Uuid);
            var net = new NetworkObject(def, persistent: false);
            await ActivateAsync(net, ct).ConfigureAwait(false);
            lock (_sync) _networks.Add(net);
            Raise(net.Ref, NetworkEventType.Started);
            return net.Ref;
        }
        finally { _gate.Release(); }
    }

    public async Task StartAsync(NetworkRef network, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var n = Find(network);
            if (n.Active) throw NetworkErrors.AlreadyActive();
            NetworkXml.CheckRunnable(n.Def); // a hand-written file may ask for NAT or DHCP
            await ActivateAsync(n, ct).ConfigureAwait(false);
            Raise(n.Ref, NetworkEventType.Started);
        }
        finally { _gate.Release(); }
    }

    /// <summary>
    /// Stops a network. As libvirt, guests using it do not prevent this: their taps stay, but an isolated
    /// network's bridge goes, so they are cut off until the network is started again and they are re-attached.
    /// </summary>
    public async Task DestroyAsync(NetworkRef network, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var n = Find(network);
            if (!n.Active) throw NetworkErrors.NotActive(n.Def.Name);
            if (n.Def.IsIsolated && n.Def.Bridge is { } bridge && await _host.BridgeExistsAsync(bridge, ct).ConfigureAwait(false))
            {
                try { await _host.DeleteBridgeAsync(bridge, ct).ConfigureAwait(false); }
                catch (IOException e) { throw NetworkErrors.System($"cannot remove bridge '{bridge}' of network '{n.Def.Name}': {e.Message}"); }
            }
            _store.RemoveActive(n.Def.Name);
            var name = n.Ref;
            lock (_sync)
            {
                n.Active = false;
                n.ApplyNextDef();
                if (!n.Persistent) _networks.Remove(n);
            }
            _log.LogInformation("Network '{Network}' stopped", name.Name);
            Raise(name, NetworkEventType.Stopped);
        }
        finally { _gate.Release(); }
    }

    /// <summary>As libvirt: an active network may be undefined; it runs on as a transient one until destroyed.</summary>
    public async Task UndefineAsync(NetworkRef network, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var n = Find(network);
            if (!n.Persistent) throw new Core.Errors.VirException(Core.Errors.VirErrorCode.OperationInvalid, Core.Errors.VirErrorDomain.Network, "network is not persistent");
            _store.RemoveConfig(n.Def.Name);
            lock (_sync)
            {
                if (n.Active) (n.Persistent, n.Autostart, n.NextDef) = (false, false, null);
                else _networks.Remove(n);
            }
            Raise(n.Ref, NetworkEventType.Undefined);
        }
        finally { _gate.Release(); }
    }

    public async Task SetAutostartAsync(NetworkRef network, bool autostart, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var n = Find(network);
            if (!n.Persistent) throw NetworkErrors.TransientAutostart();
            _store.SetAutostart(n.Def.Name, autostart);
            lock (_sync) n.Autostart = autostart;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Start: a host bridge must exist; an isolated network's bridge must not (Vireo creates it). Then the active mark, then the state.</summary>
    private async Task ActivateAsync(NetworkObject n, CancellationToken ct)
    {
        var def = n.Def;
        var bridge = def.Bridge ?? throw NetworkErrors.NoBridgeName(def.Name);
        var exists = await _host.BridgeExistsAsync(bridge, ct).ConfigureAwait(false);
        if (def.IsIsolated)
        {
            if (exists)
                throw NetworkErrors.System($"cannot start network '{def.Name}': bridge '{bridge}' already exists on the host; "
                    + "an isolated network creates its own bridge, so remove that one or use <forward mode='bridge'/> to join it");
            try { await _host.CreateBridgeAsync(def, ct).ConfigureAwait(false); }
            catch (IOException e) { throw NetworkErrors.System($"cannot create bridge '{bridge}' for network '{def.Name}': {e.Message}"); }
        }
        else if (!exists)
            throw new Core.Errors.VirException(Core.Errors.VirErrorCode.OperationInvalid, Core.Errors.VirErrorDomain.Network,
                $"cannot start network '{def.Name}': its host bridge '{bridge}' does not exist; create it (e.g. ip link add {bridge} type bridge) first, "
                + "Vireo does not create or change bridges of <forward mode='bridge'/> networks");
        try { await _store.SaveActiveAsync(def, ct).ConfigureAwait(false); }
        catch
        {
            if (def.IsIsolated) await _host.DeleteBridgeAsync(bridge, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        lock (_sync) n.Active = true;
        _log.LogInformation("Network '{Network}' started on bridge {Bridge}", def.Name, bridge);
    }

    /// <summary>
    /// libvirt's define/create checks: a name taken by another uuid (a definition without a uuid included), a uuid
    /// taken by another name, a bridge another network uses. Returns the network this definition replaces, if any,
    /// and the definition with libvirt's defaults (bridge name, stp, delay, MAC) filled in.
    /// </summary>
    private NetworkObject? CheckConflicts(NetworkDef parsed, out NetworkDef def)
    {
        lock (_sync)
        {
            var byName = _networks.Find(n => n.Def.Name == parsed.Name);
            if (byName is not null && byName.Def.Uuid != parsed.Uuid) throw NetworkErrors.Exists(parsed.Name, byName.Def.Uuid);
            var byUuid = _networks.Find(n => n.Def.Uuid == parsed.Uuid);
            if (byUuid is not null && byUuid.Def.Name != parsed.Name) throw NetworkErrors.UuidTaken(parsed.Uuid, byUuid.Def.Name);
            var others = _networks.Where(n => n != byName).SelectMany(n => new[] { n.Def.Bridge, n.NextDef?.Bridge }).OfType<string>().ToHashSet();
            // Keep the MAC of the definition being replaced, as libvirt does, so a redefine does not change the bridge's address.
            def = NetworkXml.WithDefaults(parsed.Mac is null && byName?.Def.Mac is { } mac ? parsed with { Mac = mac } : parsed, others, RandomBytes);
            if (def.Bridge is { } bridge && others.Contains(bridge)) throw NetworkErrors.BridgeInUse(bridge);
            return byName;
        }
    }
}
