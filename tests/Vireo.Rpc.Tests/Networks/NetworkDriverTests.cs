using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Core.Errors;
using Vireo.Core.Networks;
using Vireo.Drivers.Networks;
using Vireo.Drivers.Test;

namespace Vireo.Rpc.Tests.Networks;

/// <summary>
/// The network driver's rules over its real files in a temp directory, with the host's bridges kept in a
/// set (the one effect interface): what a daemon restart and a host reboot keep, autostart, undefine of an
/// active network, and a failed start leaving nothing behind. The real-bridge path is NetworkDriverVirshTests'.
/// </summary>
public sealed class NetworkDriverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vireo-net-").FullName;
    private readonly InMemoryNetworkHost _host = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

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
        _host.Clear();
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

    private const string DefaultNat = "<network><name>default</name><forward/><bridge name='virbr0'/>"
        + "<ip address='192.168.122.1' netmask='255.255.255.0'><dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip></network>";

    [Fact]
    public async Task A_nat_network_starts_its_firewall_table_and_dnsmasq_and_destroy_removes_them_but_keeps_the_leases()
    {
        var ct = TestContext.Current.CancellationToken;
        var d = NewDriver();
        await d.StartAsync(ct);
        var n = await d.DefineAsync(DefaultNat, ct);
        await d.StartAsync(n, ct);
        var conf = Path.Combine(_root, "run", "networks", "default.dnsmasq.conf");
        Assert.Equal(["virbr0"], _host.Bridges);
        Assert.Equal(["vireo_virbr0"], _host.Tables);
        Assert.Equal([conf], _host.Dnsmasqs);

        File.WriteAllText(Path.Combine(_root, "run", "networks", "default.dnsmasq.leases"),
            "1796109174 52:54:00:AA:00:01 192.168.122.57 web 01:52:54:00:aa:00:01\n0 52:54:00:aa:00:02 192.168.122.58 * *\n");
        Assert.Equal([new DhcpLease("virbr0", 1796109174, "52:54:00:aa:00:01", "192.168.122.57", 24, "web", "01:52:54:00:aa:00:01"),
            new DhcpLease("virbr0", 0, "52:54:00:aa:00:02", "192.168.122.58", 24, null, null)], d.DhcpLeases(n, null));
        Assert.Equal(["192.168.122.58"], d.DhcpLeases(n, "52:54:00:AA:00:02").Select(l => l.IpAddress));

        await d.DestroyAsync(n, ct);
        Assert.Equal((0, 0, 0), (_host.Bridges.Count, _host.Tables.Count, _host.Dnsmasqs.Count));
        Assert.Equal(2, d.DhcpLeases(n, null).Count);
    }

    [Fact]
    public async Task A_dnsmasq_that_fails_to_start_leaves_no_bridge_table_or_active_mark()
    {
        var ct = TestContext.Current.CancellationToken;
        var d = NewDriver();
        await d.StartAsync(ct);
        var n = await d.DefineAsync(DefaultNat, ct);
        _host.FailDnsmasq = true;
        var e = await Assert.ThrowsAsync<VirException>(() => d.StartAsync(n, ct));
        Assert.Equal(VirErrorCode.SystemError, e.Code);
        Assert.StartsWith("cannot start network 'default': `dnsmasq` failed: dnsmasq: failed to create listening socket", e.Detail);
        Assert.Equal((0, 0, 0), (_host.Bridges.Count, _host.Tables.Count, _host.Dnsmasqs.Count));
        Assert.False(d.Info(n).Active);
        Assert.False(File.Exists(Path.Combine(_root, "run", "networks", "default.xml")));
    }

    [Fact]
    public async Task Net_update_live_reloads_dnsmasq_keeps_the_saved_definition_apart_and_a_failed_reload_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var d = NewDriver();
        await d.StartAsync(ct);
        var n = await d.DefineAsync(DefaultNat, ct);
        await d.StartAsync(n, ct);
        const string Host = "<host mac='52:54:00:00:00:07' ip='192.168.122.7'/>";

        await d.UpdateAsync(n, NetworkUpdateCommand.AddLast, NetworkUpdateSection.IpDhcpHost, -1, Host, NetworkUpdateFlags.Live, ct);
        Assert.Contains("dhcp-host=52:54:00:00:00:07,192.168.122.7\n", Assert.Single(_host.Reloads), StringComparison.Ordinal);
        Assert.Contains(Host, d.Xml(n, inactive: false), StringComparison.Ordinal);
        Assert.DoesNotContain(Host, d.Xml(n, inactive: true), StringComparison.Ordinal);
        Assert.DoesNotContain(Host, File.ReadAllText(Path.Combine(_root, "config", "networks", "default.xml")), StringComparison.Ordinal);
        Assert.Contains(Host, File.ReadAllText(Path.Combine(_root, "run", "networks", "default.xml")), StringComparison.Ordinal);

        // dnsmasq refuses the new configuration: the definitions and files stay, dnsmasq is put back on the old one.
        _host.FailDnsmasq = true;
        var e = await Assert.ThrowsAsync<VirException>(() => d.UpdateAsync(n, NetworkUpdateCommand.Delete, NetworkUpdateSection.IpDhcpHost, -1,
            "<host mac='52:54:00:00:00:07'/>", NetworkUpdateFlags.Live, ct));
        Assert.StartsWith("cannot update network 'default': dnsmasq did not take the change", e.Detail, StringComparison.Ordinal);
        _host.FailDnsmasq = false;
        Assert.Contains(Host, d.Xml(n, inactive: false), StringComparison.Ordinal);
        Assert.Contains(Host, File.ReadAllText(Path.Combine(_root, "run", "networks", "default.xml")), StringComparison.Ordinal);

        // Stopped, the network is its saved definition again; --current now changes that one.
        await d.DestroyAsync(n, ct);
        Assert.DoesNotContain(Host, d.Xml(n, inactive: false), StringComparison.Ordinal);
        await d.UpdateAsync(n, NetworkUpdateCommand.AddFirst, NetworkUpdateSection.IpDhcpHost, -1, Host, NetworkUpdateFlags.Current, ct);
        Assert.Contains(Host, File.ReadAllText(Path.Combine(_root, "config", "networks", "default.xml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restarted_daemon_puts_back_the_dnsmasq_and_table_of_an_active_nat_network_that_lost_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var d = NewDriver();
        await d.StartAsync(ct);
        await d.StartAsync(await d.DefineAsync(DefaultNat, ct), ct);
        _host.KillDnsmasqs();
        await _host.RemoveFirewallAsync(NetworkXml.Parse(DefaultNat), ct);

        var restarted = NewDriver();
        await restarted.StartAsync(ct);
        Assert.Equal(["default"], restarted.ListNetworks(NetworkListFlags.Active).Select(x => x.Name));
        Assert.Equal((1, 1), (_host.Tables.Count, _host.Dnsmasqs.Count));
    }
}
