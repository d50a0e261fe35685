using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Core.Errors;
using Vireo.Core.Networks;
using Vireo.Drivers.Networks;

namespace Vireo.Rpc.Tests.Networks;

/// <summary>
/// The network driver's rules over its real files in a temp directory, with the host's bridges kept in a
/// set (the one effect interface): what a daemon restart and a host reboot keep, autostart, undefine of an
/// active network, and a failed start leaving nothing behind. The real-bridge path is NetworkDriverVirshTests'.
/// </summary>
public sealed class NetworkDriverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vireo-net-").FullName;
    private readonly BridgeSet _host = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class BridgeSet : INetworkHost
    {
        public HashSet<string> Bridges { get; } = [];
        public bool FailCreate { get; set; }
        public Task<bool> BridgeExistsAsync(string bridge, CancellationToken ct) => Task.FromResult(Bridges.Contains(bridge));
        public Task CreateBridgeAsync(NetworkDef def, CancellationToken ct) =>
            FailCreate ? throw new IOException("`ip link add` failed: Operation not permitted.") : Task.FromResult(Bridges.Add(def.Bridge!));
        public Task DeleteBridgeAsync(string bridge, CancellationToken ct) => Task.FromResult(Bridges.Remove(bridge));
    }

    private NetworkDriver NewDriver(string run = "run") =>
        new(new NetworkStore(Path.Combine(_root, "config", "networks"), Path.Combine(_root, run, "networks")), _host, NullLogger.Instance);

    private static string Iso(string name, string bridge) => $"<network><name>{name}</name><bridge name='{bridge}'/><ip address='10.5.0.1' prefix='24'/></network>";

    [Fact]
    public async Task A_restarted_daemon_knows_its_active_networks_and_a_reboot_starts_only_autostart_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        var d = NewDriver();
        await d.StartAsync(ct);
        var a = await d.DefineAsync(Iso("a", "vb-a"), ct);
        var b = await d.DefineAsync(Iso("b", "vb-b"), ct);
        await d.StartAsync(a, ct);
        await d.StartAsync(b, ct);
        await d.SetAutostartAsync(b, true, ct);

        var restarted = NewDriver();
        await restarted.StartAsync(ct);
        Assert.Equal(["a", "b"], restarted.ListNetworks(NetworkListFlags.Active).Select(n => n.Name));
        Assert.Equal(d.Xml(a, false), restarted.Xml(a, false)); // same uuid and MAC: nothing regenerated

        // A reboot empties the run directory and the bridges: only the autostart network comes back.
        _host.Bridges.Clear();
        var rebooted = NewDriver(run: "run-after-reboot");
        await rebooted.StartAsync(ct);
        Assert.Equal(["b"], rebooted.ListNetworks(NetworkListFlags.Active).Select(n => n.Name));
        Assert.Equal(["vb-b"], _host.Bridges);
        Assert.Equal(["a"], rebooted.ListNetworks(NetworkListFlags.Inactive).Select(n => n.Name));
    }

    [Fact]
    public async Task Undefining_an_active_network_leaves_it_running_as_transient_until_destroyed()
    {
        var ct = TestContext.Current.CancellationToken;
        var d = NewDriver();
        await d.StartAsync(ct);
        var events = new List<string>();
        d.Changed += e => events.Add($"{e.Network.Name} {e.Type}");
        var n = await d.DefineAsync(Iso("t", "vb-t"), ct);
        await d.StartAsync(n, ct);
        await d.UndefineAsync(n, ct);
        Assert.Equal(new NetworkInfo(true, false, false, "vb-t"), d.Info(n));
        Assert.False(File.Exists(Path.Combine(_root, "config", "networks", "t.xml")));
        await d.DestroyAsync(n, ct);
        Assert.Empty(d.ListNetworks(NetworkListFlags.None));
        Assert.Empty(_host.Bridges);
        Assert.Equal(["t Defined", "t Started", "t Undefined", "t Stopped"], events);
    }

    [Fact]
    public async Task A_failed_bridge_creation_leaves_the_network_inactive_with_no_active_mark()
    {
        var ct = TestContext.Current.CancellationToken;
        var d = NewDriver();
        await d.StartAsync(ct);
        var n = await d.DefineAsync(Iso("f", "vb-f"), ct);
        _host.FailCreate = true;
        var e = await Assert.ThrowsAsync<VirException>(() => d.StartAsync(n, ct));
        Assert.Equal("cannot create bridge 'vb-f' for network 'f': `ip link add` failed: Operation not permitted.", e.Detail);
        Assert.False(d.Info(n).Active);
        Assert.False(File.Exists(Path.Combine(_root, "run", "networks", "f.xml")));
    }

    [Fact]
    public async Task A_hand_written_nat_file_is_listed_and_maps_its_bridge_but_cannot_be_started()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Path.Combine(_root, "config", "networks"));
        File.WriteAllText(Path.Combine(_root, "config", "networks", "default.xml"),
            "<network><name>default</name><forward mode='nat'/><bridge name='virbr0'/><ip address='192.168.122.1' netmask='255.255.255.0'><dhcp/></ip></network>");
        var d = NewDriver();
        await d.StartAsync(ct);
        var n = d.LookupByName("default");
        Assert.Equal("virbr0", d.BridgeName(n));
        var e = await Assert.ThrowsAsync<VirException>(() => d.StartAsync(n, ct));
        Assert.Equal(VirErrorCode.ConfigUnsupported, e.Code);
        Assert.Empty(_host.Bridges);
    }
}
