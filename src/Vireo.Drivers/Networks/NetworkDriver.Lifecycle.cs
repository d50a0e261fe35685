using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Core.Networks;

namespace Vireo.Drivers.Networks;

// Network lifecycle: define, create (transient), start, destroy, undefine, autostart. Each change holds the
// write gate, touches the host and the disk first and the in-memory state last, so a failure leaves both as they were.
public sealed partial class NetworkDriver
{
    public Task<NetworkRef> DefineAsync(string xml, CancellationToken ct) => DefineAsync(xml, NetworkDefineFlags.None, ct);

    public Task<NetworkRef> CreateAsync(string xml, CancellationToken ct) => CreateAsync(xml, NetworkCreateFlags.None, ct);

    public async Task<NetworkRef> DefineAsync(string xml, NetworkDefineFlags flags, CancellationToken ct)
    {
        if ((flags & ~NetworkDefineFlags.Validate) is var unknown && unknown != 0)
            throw VirErrors.UnsupportedFlags((uint)unknown, "networkDefineXMLFlags", VirErrorDomain.Network);
        var parsed = NetworkSchema.Parse(xml, validate: flags.HasFlag(NetworkDefineFlags.Validate));
        NetworkXml.CheckRunnable(parsed);
        await _networks.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var existing = CheckConflicts(parsed, out var def);
            await _store.SaveConfigAsync(def, ct).ConfigureAwait(false);
            _networks.Defined(existing, def);
            Raise(new NetworkRef(def.Name, def.Uuid), NetworkEventType.Defined);
            return new NetworkRef(def.Name, def.Uuid);
        }
        finally { _networks.Gate.Release(); }
    }

    public async Task<NetworkRef> CreateAsync(string xml, NetworkCreateFlags flags, CancellationToken ct)
    {
        if ((flags & ~NetworkCreateFlags.Validate) is var unknown && unknown != 0)
            throw VirErrors.UnsupportedFlags((uint)unknown, "networkCreateXMLFlags", VirErrorDomain.Network);
        var parsed = NetworkSchema.Parse(xml, validate: flags.HasFlag(NetworkCreateFlags.Validate));
        NetworkXml.CheckRunnable(parsed);
        await _networks.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (CheckConflicts(parsed, out var def) is { } existing)
                throw existing.Active ? NetworkErrors.AlreadyActive() : NetworkErrors.Exists(def.Name, existing.Def.Uuid);
            var net = new NetworkObject(def, persistent: false);
            await ActivateAsync(net, ct).ConfigureAwait(false);
            _networks.Add(net);
            Raise(net.Ref, NetworkEventType.Started);
            return net.Ref;
        }
        finally { _networks.Gate.Release(); }
    }

    public async Task StartAsync(NetworkRef network, CancellationToken ct)
    {
        await _networks.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var n = Find(network);
            if (n.Active) throw NetworkErrors.AlreadyActive();
            NetworkXml.CheckRunnable(n.Def); // a hand-written file may ask for NAT or DHCP
            await ActivateAsync(n, ct).ConfigureAwait(false);
            Raise(n.Ref, NetworkEventType.Started);
        }
        finally { _networks.Gate.Release(); }
    }

    /// <summary>
    /// Stops a network. As libvirt, guests using it do not prevent this: their taps stay, but an isolated
    /// network's bridge goes, so they are cut off until the network is started again and they are re-attached.
    /// </summary>
    public async Task DestroyAsync(NetworkRef network, CancellationToken ct)
    {
        await _networks.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var n = Find(network);
            if (!n.Active) throw NetworkErrors.NotActive(n.Def.Name);
            await StopServicesAsync(n.Def, ct).ConfigureAwait(false);
            if (n.Def.CreatesBridge && n.Def.Bridge is { } bridge && await _host.BridgeExistsAsync(bridge, ct).ConfigureAwait(false))
            {
                try { await _host.DeleteBridgeAsync(bridge, ct).ConfigureAwait(false); }
                catch (IOException e) { throw NetworkErrors.System($"cannot remove bridge '{bridge}' of network '{n.Def.Name}': {e.Message}"); }
            }
            var name = n.Ref;
            _networks.Stopped(n);
            _log.LogInformation("Network '{Network}' stopped", name.Name);
            Raise(name, NetworkEventType.Stopped);
        }
        finally { _networks.Gate.Release(); }
    }

    /// <summary>As libvirt: an active network may be undefined; it runs on as a transient one until destroyed.</summary>
    public async Task UndefineAsync(NetworkRef network, CancellationToken ct)
    {
        await _networks.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var n = Find(network);
            if (!n.Persistent) throw new Core.Errors.VirException(Core.Errors.VirErrorCode.OperationInvalid, Core.Errors.VirErrorDomain.Network, "network is not persistent");
            _networks.Undefined(n);
            Raise(n.Ref, NetworkEventType.Undefined);
        }
        finally { _networks.Gate.Release(); }
    }

    public Task SetAutostartAsync(NetworkRef network, bool autostart, CancellationToken ct) =>
        _networks.SetAutostartAsync(() => Find(network), autostart, _ => NetworkErrors.TransientAutostart(), ct);

    /// <summary>Start: a host bridge must exist; an isolated network's bridge must not (Vireo creates it). Then the active mark, then the state.</summary>
    private async Task ActivateAsync(NetworkObject n, CancellationToken ct)
    {
        var def = n.Def;
        var bridge = def.Bridge ?? throw NetworkErrors.NoBridgeName(def.Name);
        var exists = await _host.BridgeExistsAsync(bridge, ct).ConfigureAwait(false);
        if (def.CreatesBridge)
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
        try
        {
            await StartServicesAsync(def, ct).ConfigureAwait(false);
            await _store.SaveActiveAsync(def, ct).ConfigureAwait(false);
        }
        catch
        {
            // Undo what was made, best effort: the start's own error is the one the caller needs.
            try { await StopServicesAsync(def, CancellationToken.None).ConfigureAwait(false); }
            catch (VirException e) { _log.LogWarning("Network '{Network}': {Error}", def.Name, e.Message); }
            if (def.CreatesBridge) await _host.DeleteBridgeAsync(bridge, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        lock (_networks.Sync) n.Active = true;
        _log.LogInformation("Network '{Network}' started on bridge {Bridge}", def.Name, bridge);
    }

    /// <summary>The firewall table, then dnsmasq (which binds to the bridge's address), each only where the definition asks for it.</summary>
    private async Task StartServicesAsync(NetworkDef def, CancellationToken ct)
    {
        var files = RunFiles(def);
        _store.EnsureDirectories();
        try
        {
            if (NetworkFirewall.Applies(def)) await _host.AddFirewallAsync(def, files, ct).ConfigureAwait(false);
            if (def.RunsDnsmasq) await _host.StartDnsmasqAsync(def, files, ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw NetworkErrors.System($"cannot start network '{def.Name}': {e.Message}");
        }
    }

    /// <summary>Stops dnsmasq and removes the firewall table; the lease file stays, so guests keep their addresses at the next start.</summary>
    private async Task StopServicesAsync(NetworkDef def, CancellationToken ct)
    {
        try
        {
            await _host.StopDnsmasqAsync(RunFiles(def), ct).ConfigureAwait(false);
            if (NetworkFirewall.Applies(def)) await _host.RemoveFirewallAsync(def, ct).ConfigureAwait(false);
            File.Delete(RunFiles(def).Ruleset);
        }
        catch (IOException e)
        {
            throw NetworkErrors.System($"cannot stop the services of network '{def.Name}': {e.Message}");
        }
    }

    /// <summary>
    /// libvirt's define/create checks: a name taken by another uuid (a definition without a uuid included), a uuid
    /// taken by another name, a bridge another network uses. Returns the network this definition replaces, if any,
    /// and the definition with libvirt's defaults (bridge name, stp, delay, MAC) filled in.
    /// </summary>
    private NetworkObject? CheckConflicts(NetworkDef parsed, out NetworkDef def)
    {
        var byName = _networks.CheckNameAndUuid(parsed, uuid => NetworkErrors.Exists(parsed.Name, uuid), name => NetworkErrors.UuidTaken(parsed.Uuid, name));
        lock (_networks.Sync)
        {
            var others = _networks.AllLocked.Where(n => n != byName).SelectMany(n => new[] { n.Def.Bridge, n.NextDef?.Bridge }).OfType<string>().ToHashSet();
            // Keep the MAC of the definition being replaced, as libvirt does, so a redefine does not change the bridge's address.
            def = NetworkXml.WithDefaults(parsed.Mac is null && byName?.Def.Mac is { } mac ? parsed with { Mac = mac } : parsed, others, RandomBytes);
            if (def.Bridge is { } bridge && others.Contains(bridge)) throw NetworkErrors.BridgeInUse(bridge);
            return byName;
        }
    }
}
