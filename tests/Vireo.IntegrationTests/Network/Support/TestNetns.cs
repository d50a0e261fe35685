using Vireo.IntegrationTests.Support;
using Vireo.Platform.Network;

namespace Vireo.IntegrationTests.Network.Support;

/// <summary>
/// A network namespace the test creates (vireo-test-XXXXXX) and deletes with everything in it. Guests
/// placed in it (<see cref="Placement"/>) get their taps, macvtaps and QEMU there: their traffic never
/// reaches the host's interfaces. Bridges made here have no uplink and no route out.
/// </summary>
internal sealed class TestNetns : IAsyncDisposable
{
    private TestNetns(string name) => Name = name;

    public string Name { get; }

    public static async Task<TestNetns> CreateAsync()
    {
        Assert.SkipUnless(File.Exists("/dev/net/tun"), "/dev/net/tun is missing: this host cannot create tap devices");
        var ns = new TestNetns($"vireo-test-{Guid.NewGuid().ToString("N")[..6]}");
        await ProcessRunner.RunAsync("ip", ["netns", "add", ns.Name]);
        Assert.True(File.Exists(NetworkNamespace.PathOf(ns.Name)), $"ip netns add {ns.Name} did not create the namespace");
        await IpCommand.RunAsync(ns.Name, "link", "set", "lo", "up");
        return ns;
    }

    /// <summary>The metadata element that places a domain in this namespace (Vireo's network extension).</summary>
    public string Placement => $"<vireo:network xmlns:vireo='https://vireo.dev/xmlns/network/1.0' netns='{Name}'/>";

    public async Task AddBridgeAsync(string bridge)
    {
        await NetLinks.CreateBridgeAsync(Name, bridge);
        await NetLinks.SetUpAsync(Name, bridge, true);
    }

    /// <summary>A veth pair, both ends up: a parent device for macvtaps in bridge mode.</summary>
    public async Task AddVethAsync(string name, string peer)
    {
        await NetLinks.CreateVethPairAsync(Name, name, peer);
        await NetLinks.SetUpAsync(Name, name, true);
        await NetLinks.SetUpAsync(Name, peer, true);
    }

    public Task<bool> HasLinkAsync(string link) => NetLinks.ExistsAsync(Name, link);

    /// <summary>`ip -o link show` in the namespace (for assertions and failure messages).</summary>
    public Task<string> LinksAsync() => IpCommand.RunAsync(Name, "-o", "link", "show");

    /// <summary>The links whose names start with a prefix (vnet, macvtap).</summary>
    public async Task<IReadOnlyList<string>> LinksNamedAsync(string prefix) =>
        (await LinksAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 3)[1].Trim().Split('@')[0])
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    /// <summary>Waits (polling with a deadline) until no link with the prefix is left.</summary>
    public async Task WaitUntilNoLinksAsync(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await LinksNamedAsync(prefix)).Count > 0)
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"links named {prefix}* are still in namespace {Name} after {timeout.TotalSeconds:0} s:\n{await LinksAsync()}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await ProcessRunner.RunAsync("ip", ["netns", "del", Name]);
}
