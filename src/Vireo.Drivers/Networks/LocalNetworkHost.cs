using System.Globalization;
using Vireo.Core.Errors;
using Vireo.Core.Networks;
using Vireo.Platform.Files;
using Vireo.Platform.Network;
using Vireo.Platform.Processes;

namespace Vireo.Drivers.Networks;

/// <summary>
/// Bridges through iproute2 (<see cref="NetLinks"/>), firewall tables through nft and DHCP/DNS through
/// dnsmasq, all in one network namespace: the host's (null) for vireod, or a namespace the caller names
/// (tests and labs, so no bridge, rule or dnsmasq ever lands in the host's root namespace).
/// </summary>
public sealed class LocalNetworkHost(string? netns) : INetworkHost
{
    private const string Nft = "nft", Dnsmasq = "dnsmasq";

    public Task<bool> BridgeExistsAsync(string bridge, CancellationToken ct) => NetLinks.ExistsAsync(netns, bridge, ct);

    public async Task CreateBridgeAsync(NetworkDef def, CancellationToken ct)
    {
        var bridge = def.Bridge ?? throw new ArgumentException("an isolated network to start has a bridge name", nameof(def));
        var args = new List<string> { "link", "add", "name", bridge };
        if (def.Mtu is { } mtu) args.AddRange(["mtu", mtu.ToString(CultureInfo.InvariantCulture)]);
        if (def.Mac is { } mac) args.AddRange(["address", mac]);
        args.AddRange(["type", "bridge", "stp_state", def.Stp == true ? "1" : "0"]);
        // The kernel's forward_delay is in hundredths of a second; libvirt's delay is in seconds.
        args.AddRange(["forward_delay", ((def.Delay ?? 0) * 100).ToString(CultureInfo.InvariantCulture)]);
        await IpCommand.RunAsync(netns, args, ct).ConfigureAwait(false);
        try
        {
            foreach (var ip in def.Ips)
                await IpCommand.RunAsync(netns, ["address", "add", $"{ip.Address}/{ip.PrefixLength}", "dev", bridge], ct).ConfigureAwait(false);
            await NetLinks.SetUpAsync(netns, bridge, true, ct).ConfigureAwait(false);
        }
        catch
        {
            await NetLinks.DeleteAsync(netns, bridge, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public Task DeleteBridgeAsync(string bridge, CancellationToken ct) => NetLinks.DeleteAsync(netns, bridge, ct);

    public async Task AddFirewallAsync(NetworkDef def, NetworkRunFiles files, CancellationToken ct)
    {
        RequireTool(Nft, "nftables", def, "forward its traffic");
        // Forwarding is per namespace; libvirt turns it on for the host the same way and leaves it on.
        await NetnsExec.RunAsync(netns, "sh", ["-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"], ct).ConfigureAwait(false);
        await RemoveFirewallAsync(def, ct).ConfigureAwait(false); // a table left by a crash
        await AtomicFile.WriteAllTextAsync(files.Ruleset, NetworkFirewall.Ruleset(def), WriteDurability.CrashAtomic, ct).ConfigureAwait(false);
        await NetnsExec.RunAsync(netns, Nft, ["-f", files.Ruleset], ct).ConfigureAwait(false);
    }

    public async Task RemoveFirewallAsync(NetworkDef def, CancellationToken ct)
    {
        if (!await FirewallPresentAsync(def, ct).ConfigureAwait(false)) return;
        await NetnsExec.RunAsync(netns, Nft, ["delete", "table", "ip", NetworkFirewall.TableName(def)], ct).ConfigureAwait(false);
    }

    /// <summary>Whether the network's table is loaded; false on a host without nft (nothing can have loaded it).</summary>
    public async Task<bool> FirewallPresentAsync(NetworkDef def, CancellationToken ct)
    {
        if (!Installed(Nft)) return false;
        var tables = await NetnsExec.RunAsync(netns, Nft, ["list", "tables", "ip"], ct).ConfigureAwait(false);
        return tables.Split('\n').Any(l => l.Trim() == $"table ip {NetworkFirewall.TableName(def)}");
    }

    public async Task StartDnsmasqAsync(NetworkDef def, NetworkRunFiles files, CancellationToken ct)
    {
        RequireTool(Dnsmasq, "dnsmasq-base", def, "serve DHCP and DNS");
        await AtomicFile.WriteAllTextAsync(files.DnsmasqConfig, DnsmasqConfig.Format(def, files), WriteDurability.CrashAtomic, ct).ConfigureAwait(false);
        File.Delete(files.DnsmasqPid);
        // dnsmasq forks into the background and its first process exits only once the daemon serves (or has
        // failed, with the reason on stderr), so when this returns the network hands out addresses.
        await NetnsExec.RunAsync(netns, Dnsmasq, ["--conf-file=" + files.DnsmasqConfig], ct).ConfigureAwait(false);
    }

    public async Task StopDnsmasqAsync(NetworkRunFiles files, CancellationToken ct)
    {
        if (Running(files) is { } pid && ProcessIdentity.Of(pid) is { } identity && WatchedProcess.TryAdopt(identity) is { } process)
        {
            using (process) await process.TerminateAsync(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
        }
        foreach (var f in new[] { files.DnsmasqPid, files.DnsmasqConfig }) File.Delete(f);
    }

    public bool DnsmasqRunning(NetworkRunFiles files) => Running(files) is not null;

    /// <summary>
    /// A restart, not libvirt's SIGHUP: dnsmasq re-reads only separate host files on SIGHUP, and re-reads them as the
    /// unprivileged user it switched to, which cannot enter the daemon's private run directory; ranges need a
    /// restart in libvirt too. Leases survive in the lease file; a client asking in the moment between answers retries.
    /// </summary>
    public async Task ReloadDnsmasqAsync(NetworkDef def, NetworkRunFiles files, CancellationToken ct)
    {
        await StopDnsmasqAsync(files, ct).ConfigureAwait(false);
        await StartDnsmasqAsync(def, files, ct).ConfigureAwait(false);
    }

    /// <summary>The pid in the network's pid file when that process is the dnsmasq started with this network's configuration.</summary>
    private static int? Running(NetworkRunFiles files)
    {
        try
        {
            if (!int.TryParse(File.ReadAllText(files.DnsmasqPid).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return null;
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return cmdline.Contains("--conf-file=" + files.DnsmasqConfig) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static bool Installed(string tool) => File.Exists("/usr/sbin/" + tool) || File.Exists("/usr/bin/" + tool);

    private static void RequireTool(string tool, string package, NetworkDef def, string why)
    {
        if (!Installed(tool))
            throw new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Network,
                $"network '{def.Name}' needs {tool} to {why}, and it is not installed (Debian: apt-get install {package})");
    }
}
