using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Web.Browser;

/// <summary>
/// The page's "Virtual networks" and "Storage pools" sections against vireod's real network driver (its
/// bridges in a namespace the test creates, never the host's) and storage driver (a pool on a temp directory).
/// </summary>
[Collection(WebRig.Collection)]
public sealed class NetworkAndPoolPageTests
{
    private static string NetworkRow(string name, string? state = null) =>
        $"tr[data-network=\"{name}\"]" + (state is null ? "" : $"[data-state=\"{state}\"]");

    private static string PoolRow(string name, string? state = null) =>
        $"tr[data-pool=\"{name}\"]" + (state is null ? "" : $"[data-state=\"{state}\"]");

    private static Task ClickAsync(BrowserSession browser, string row, string action) =>
        browser.ClickAsync($"{row} [data-action=\"{action}\"]:not([disabled])");

    [Fact]
    public async Task A_network_is_started_and_stopped_from_the_page_and_follows_virsh()
    {
        await using var ns = await TestNetns.CreateAsync();
        await using var rig = await WebRig.StartAsync(networkNamespace: ns.Name);
        var net = DemoKit.UniqueName("wnet");
        var file = rig.Served.WriteFile("wnet.xml", $"<network><name>{net}</name><bridge name='vwp0'/><ip address='10.78.0.1' prefix='24'/></network>");
        await rig.Served.VirshOkAsync("net-define", file);
        var browser = rig.Browser;
        await rig.SignInAsync();
        await browser.WaitForAsync(NetworkRow(net, "inactive"));
        Assert.Equal("vwp0", await browser.TextAsync($"{NetworkRow(net)} td:nth-child(4)"));

        await ClickAsync(browser, NetworkRow(net), "start");
        await browser.WaitForAsync(NetworkRow(net, "active"));
        Assert.True(await ns.HasLinkAsync("vwp0"), await ns.LinksAsync());
        Assert.Matches($@"(?m)^ {net}\s+active\s+no\s+yes\s*$", await rig.Served.VirshOkAsync("net-list", "--all"));

        await ClickAsync(browser, NetworkRow(net), "autostart");
        await browser.WaitForAsync($"{NetworkRow(net)} [data-action=\"autostart\"]:checked:not([disabled])");
        Assert.Matches($@"(?m)^ {net}\s+active\s+yes\s+yes\s*$", await rig.Served.VirshOkAsync("net-list", "--all"));

        await ClickAsync(browser, NetworkRow(net), "destroy");
        await browser.WaitForAsync(NetworkRow(net, "inactive"));
        Assert.Contains(browser.Confirms, m => m.StartsWith($"Stop network {net}?", StringComparison.Ordinal));
        Assert.False(await ns.HasLinkAsync("vwp0"), "stopping the network removed its bridge");

        // Outside the page: virsh starts it again, then undefines it after a stop; the rows follow the stream.
        await rig.Served.VirshOkAsync("net-start", net);
        await browser.WaitForAsync(NetworkRow(net, "active"));
        await ClickAsync(browser, NetworkRow(net), "xml");
        await browser.WaitForTextAsync("#xml-text", $"<name>{net}</name>");
        await browser.Page.ClickAsync("#xml-close");
        await rig.Served.VirshOkAsync("net-destroy", net);
        await rig.Served.VirshOkAsync("net-undefine", net);
        await browser.WaitForGoneAsync(NetworkRow(net));
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task A_pools_volumes_show_and_stop_start_and_refresh_from_the_page_reach_the_driver()
    {
        await using var rig = await WebRig.StartAsync();
        var pool = DemoKit.UniqueName("wpool");
        var dir = Directory.CreateDirectory(Path.Combine(rig.Served.RootPath, "pools", pool)).FullName;
        await rig.Served.VirshOkAsync("pool-define-as", pool, "dir", "--target", dir);
        await rig.Served.VirshOkAsync("pool-start", pool);
        await rig.Served.VirshOkAsync("vol-create-as", pool, "disk.qcow2", "64M", "--format", "qcow2");
        var browser = rig.Browser;
        await rig.SignInAsync();
        await browser.WaitForAsync(PoolRow(pool, "running"));

        await ClickAsync(browser, PoolRow(pool), "volumes");
        await browser.WaitForAsync("#volumes tr[data-volume=\"disk.qcow2\"]");
        Assert.Equal($"Volumes of {pool}", await browser.TextAsync("#volumes-title"));
        var cells = await browser.Page.EvaluateExpressionAsync<string[]>(
            "[...document.querySelectorAll('#volumes tr[data-volume=\"disk.qcow2\"] td')].map(td => td.textContent)");
        Assert.Equal(["disk.qcow2", Path.Combine(dir, "disk.qcow2"), "file", "qcow2", "64.00 MiB"], cells[..5]);

        // A file copied in is a volume only after Refresh, as with virsh pool-refresh.
        File.WriteAllBytes(Path.Combine(dir, "extra.img"), new byte[1 << 20]);
        await ClickAsync(browser, PoolRow(pool), "refresh");
        await browser.WaitForAsync("#volumes tr[data-volume=\"extra.img\"]");
        Assert.Contains("extra.img", await rig.Served.VirshOkAsync("vol-list", pool));

        await ClickAsync(browser, PoolRow(pool), "destroy");
        await browser.WaitForAsync(PoolRow(pool, "inactive"));
        await browser.WaitForHiddenAsync("#volumes");
        Assert.Matches($@"(?m)^ {pool}\s+inactive\s+no\s*$", await rig.Served.VirshOkAsync("pool-list", "--all"));
        await ClickAsync(browser, PoolRow(pool), "start");
        await browser.WaitForAsync(PoolRow(pool, "running"));
        Assert.Matches($@"(?m)^ {pool}\s+active\s+no\s*$", await rig.Served.VirshOkAsync("pool-list", "--all"));
        Assert.Empty(browser.ScriptErrors);
    }
}
