using Vireo.Core.Errors;
using Vireo.Core.Networks;

namespace Vireo.Drivers.Networks;

// virsh net-update: the change is worked out on both definitions first (pure, NetworkUpdate), then the running
// dnsmasq is made to serve the live one, then the files are written, then the in-memory state swapped; a
// failure at any step puts dnsmasq back on the old definition, so nothing is half changed.
public sealed partial class NetworkDriver
{
    public async Task UpdateAsync(NetworkRef network, NetworkUpdateCommand command, NetworkUpdateSection section,
        int parentIndex, string xml, NetworkUpdateFlags flags, CancellationToken ct)
    {
        if ((flags & ~(NetworkUpdateFlags.Live | NetworkUpdateFlags.Config)) is var unknown && unknown != 0)
            throw VirErrors.UnsupportedFlags((uint)unknown, "networkUpdate", VirErrorDomain.Network);
        await _networks.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var n = Find(network);
            NetworkDef live, saved;
            bool active, persistent;
            lock (_networks.Sync) (live, saved, active, persistent) = (n.Def, n.NextDef ?? n.Def, n.Active, n.Persistent);
            if (flags == NetworkUpdateFlags.Current) flags = active ? NetworkUpdateFlags.Live : NetworkUpdateFlags.Config;
            var toLive = flags.HasFlag(NetworkUpdateFlags.Live);
            var toConfig = flags.HasFlag(NetworkUpdateFlags.Config);
            if (toLive && !active) throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Network, "network is not running");
            if (toConfig && !persistent)
                throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Network, "cannot change persistent config of a transient network");

            var newLive = toLive ? NetworkUpdate.Apply(live, command, section, parentIndex, xml) : live;
            var newSaved = toConfig ? NetworkUpdate.Apply(saved, command, section, parentIndex, xml) : saved;
            if (toLive) NetworkXml.CheckRunnable(newLive);

            if (toLive)
            {
                try { await ServeAsync(live, newLive, ct).ConfigureAwait(false); }
                catch
                {
                    await PutBackAsync(live).ConfigureAwait(false);
                    throw;
                }
            }
            try
            {
                if (toConfig) await _store.SaveConfigAsync(newSaved, ct).ConfigureAwait(false);
                if (toLive) await _store.SaveActiveAsync(newLive, ct).ConfigureAwait(false);
            }
            catch
            {
                if (toLive) await PutBackAsync(live).ConfigureAwait(false);
                if (toConfig) await _store.SaveConfigAsync(saved, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            lock (_networks.Sync)
            {
                if (active)
                {
                    n.Def = newLive;
                    // The saved definition is what the network goes back to when it stops: a live-only change must not stay.
                    n.NextDef = newSaved == newLive ? null : newSaved;
                }
                else n.Def = newSaved;
            }
        }
        finally { _networks.Gate.Release(); }
    }

    /// <summary>dnsmasq serving <paramref name="next"/>: reloaded, or started or stopped when the change adds or removes its reason to run.</summary>
    private async Task ServeAsync(NetworkDef current, NetworkDef next, CancellationToken ct)
    {
        var files = RunFiles(next);
        try
        {
            if (next.RunsDnsmasq && current.RunsDnsmasq) await _host.ReloadDnsmasqAsync(next, files, ct).ConfigureAwait(false);
            else if (next.RunsDnsmasq) await _host.StartDnsmasqAsync(next, files, ct).ConfigureAwait(false);
            else if (current.RunsDnsmasq) await _host.StopDnsmasqAsync(files, ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw NetworkErrors.System($"cannot update network '{next.Name}': dnsmasq did not take the change: {e.Message}");
        }
    }

    /// <summary>Best effort after a failed update: dnsmasq serving the definition as it was (the update's own error is the one to report).</summary>
    private async Task PutBackAsync(NetworkDef def)
    {
        try
        {
            if (def.RunsDnsmasq) await _host.ReloadDnsmasqAsync(def, RunFiles(def), CancellationToken.None).ConfigureAwait(false);
            else await _host.StopDnsmasqAsync(RunFiles(def), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or VirException)
        {
            Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(_log, "Network '{Network}': dnsmasq could not be put back after a failed update: {Error}", def.Name, e.Message);
        }
    }
}
