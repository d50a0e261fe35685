using Vireo.IntegrationTests.Support;
using Vireo.Platform.Network;

namespace Vireo.IntegrationTests.HostInterfaces;

/// <summary>
/// Test interfaces in the host's own network namespace (libvirtd and vireod list the host's): a bridge whose
/// port is one end of a veth pair, and a veth whose name has a dot (libvirt takes such a name for a VLAN) with a
/// peer that shares the first pair's other end's MAC (so that MAC names two listed interfaces).
/// Names are unique (vt + 6 hex digits), MACs locally administered (the bridge's has letters, for case tests), IPv6 address generation is off on every
/// link so nothing sends a packet, and disposing deletes them all.
/// </summary>
internal sealed class HostTestLinks : IAsyncDisposable
{
    private readonly List<string> _made = [];

    private HostTestLinks(string prefix)
    {
        Bridge = prefix + "br";
        Port = prefix + "p";
        Peer = prefix + "q";
        Dotted = prefix + ".7";
        DottedPeer = prefix + "d";
        var id = prefix[2..];
        BridgeMac = $"02:ab:{id[..2]}:{id[2..4]}:{id[4..6]}:01";
    }

    public string Bridge { get; }
    public string Port { get; }
    public string Peer { get; }
    public string Dotted { get; }
    public string DottedPeer { get; }
    public string BridgeMac { get; }

    public static async Task<HostTestLinks> CreateAsync()
    {
        Assert.SkipUnless(Environment.UserName == "root", "creating test interfaces in the host's namespace needs root");
        var links = new HostTestLinks("vt" + Guid.NewGuid().ToString("N")[..6]);
        try
        {
            await links.MakeAsync();
        }
        catch
        {
            await links.DisposeAsync();
            throw;
        }
        return links;
    }

    private async Task MakeAsync()
    {
        await IpCommand.RunAsync(null, "link", "add", "name", Bridge, "type", "bridge", "forward_delay", "0", "stp_state", "0");
        _made.Add(Bridge);
        await NetLinks.CreateVethPairAsync(null, Port, Peer);
        _made.Add(Port);
        await NetLinks.CreateVethPairAsync(null, Dotted, DottedPeer);
        _made.Add(Dotted);
        foreach (var link in new[] { Bridge, Port, Peer, Dotted, DottedPeer })
            await IpCommand.RunAsync(null, "link", "set", "dev", link, "addrgenmode", "none");
        await NetLinks.SetMacAsync(null, Bridge, BridgeMac);
        await NetLinks.SetMacAsync(null, DottedPeer, Sysfs(Peer, "address"));
        await NetLinks.AttachToBridgeAsync(null, Port, Bridge);
        foreach (var link in new[] { Peer, Port, Bridge })
            await NetLinks.SetUpAsync(null, link, true);
        // The kernel reports the bridge up shortly after its port forwards (no forward delay, no STP).
        await Expect.EventuallyAsync(() => Task.FromResult(Sysfs(Bridge, "operstate")), s => s == "up", $"bridge {Bridge} up");
    }

    /// <summary>A sysfs attribute of one of the links, as the kernel shows it now.</summary>
    public static string Sysfs(string link, string attribute) => File.ReadAllText($"/sys/class/net/{link}/{attribute}").TrimEnd('\n');

    public async ValueTask DisposeAsync()
    {
        foreach (var link in Enumerable.Reverse(_made))
            if (await NetLinks.ExistsAsync(null, link)) await NetLinks.DeleteAsync(null, link);
    }
}
