namespace Vireo.Core.Networks;

/// <summary>
/// Where an active network's helper files live, beside its live definition in the run directory
/// (RUN/networks, /run/vireo/qemu/networks for vireod): dnsmasq's configuration, pid file and leases, and the nftables ruleset loaded for it. A host reboot empties /run, as it ends every network.
/// </summary>
public sealed record NetworkRunFiles(string Directory, string Network)
{
    public string DnsmasqConfig => Path.Combine(Directory, Network + ".dnsmasq.conf");
    public string DnsmasqPid => Path.Combine(Directory, Network + ".dnsmasq.pid");
    public string Leases => Path.Combine(Directory, Network + ".dnsmasq.leases");
    public string Ruleset => Path.Combine(Directory, Network + ".nft");
}
