using System.Globalization;
using System.Text.RegularExpressions;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Tests.RealGuest.Support;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests.RealGuest;

/// <summary>
/// Debian's virsh domstats (CONNECT_GET_ALL_DOMAIN_STATS) against the booted TCG guest: the block group
/// follows the guest's reads, each group flag selects its group, --enforce refuses what is not served;
/// and on a guest of the test's own, --backing lists a disk's chain and net counts a tap's traffic.
/// </summary>
[Collection(GuestServerCollection.Name)]
public sealed partial class DomainStatsTests(GuestServer s)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(1);

    private async Task ReadyAsync()
    {
        MachineSetUp.Require(Cli.Exists("virsh"), "virsh (libvirt-clients)");
        await s.EnsureReadyAsync();
    }

    [Fact]
    public async Task Block_group_names_the_disk_and_rd_reqs_grows_when_the_guest_reads_it()
    {
        await ReadyAsync();
        var before = Stats(await s.VirshOk("domstats", "--block", s.Name), s.Name);
        Assert.All(before.Keys, k => Assert.StartsWith("block.", k)); // --block: that group only
        Assert.Equal("1", before["block.count"]);
        Assert.Equal("vda", before["block.0.name"]);
        Assert.Equal(Path.Combine(s.Root, s.Name + ".qcow2"), before["block.0.path"]);
        Assert.Equal("67108864", before["block.0.capacity"]); // qemu-img create ... 64M
        Assert.True(N(before, "block.0.physical") > 0);
        Assert.True(N(before, "block.0.rd.reqs") > 0, "the guest kernel read the partition table while booting");

        var from = s.Console.Length;
        // 4 MiB past the page cache; the marker is computed so the echoed command line cannot match it.
        await s.Console.SendLineAsync("echo 3 > /proc/sys/vm/drop_caches; dd if=/dev/vda of=/dev/null bs=65536 count=64; echo stats-read-$((6*7))");
        await s.Console.WaitForAsync(ReadDone(), from, CommandTimeout);

        var after = Stats(await s.VirshOk("domstats", "--block", s.Name), s.Name);
        Assert.True(N(after, "block.0.rd.reqs") > N(before, "block.0.rd.reqs"), $"rd.reqs {before["block.0.rd.reqs"]} -> {after["block.0.rd.reqs"]}");
        Assert.True(N(after, "block.0.rd.bytes") >= N(before, "block.0.rd.bytes") + 4 * 1024 * 1024,
            $"rd.bytes {before["block.0.rd.bytes"]} -> {after["block.0.rd.bytes"]}");
        Assert.True(N(after, "block.0.rd.times") > N(before, "block.0.rd.times"));
        // domblkstat reads the same counters.
        var blk = await s.VirshOk("domblkstat", s.Name, "vda");
        Assert.True(long.Parse(Regex.Match(blk, @"vda rd_req (\d+)").Groups[1].Value, CultureInfo.InvariantCulture) >= N(after, "block.0.rd.reqs"));
    }

    [Fact]
    public async Task Each_group_flag_selects_its_group_and_no_flag_returns_all_in_libvirts_order()
    {
        await ReadyAsync();
        var all = await s.VirshOk("domstats", s.Name);
        var keys = Stats(all, s.Name).Keys.ToList();
        Assert.Equal(["state", "cpu", "balloon", "vcpu", "net", "block", "dirtyrate"], keys.Select(k => k.Split('.')[0]).Distinct());
        Assert.Contains("  net.count=1\n", all); // the user-mode NIC has no host device: counted, no counters
        Assert.DoesNotContain("net.0.", all);
        Assert.Contains("  vcpu.0.state=1\n", all);
        Assert.Matches(@"  cpu\.user=\d+\n  cpu\.system=\d+\n", all);

        (string Flag, string Group)[] groups =
            [("--state", "state"), ("--cpu-total", "cpu"), ("--balloon", "balloon"), ("--vcpu", "vcpu"), ("--interface", "net"), ("--block", "block")];
        foreach (var (flag, group) in groups)
        {
            var only = Stats(await s.VirshOk("domstats", flag, s.Name), s.Name);
            Assert.NotEmpty(only);
            Assert.All(only.Keys, k => Assert.Equal(group, k.Split('.')[0]));
        }
        var two = Stats(await s.VirshOk("domstats", "--state", "--block", s.Name), s.Name);
        Assert.Equal(["state", "block"], two.Keys.Select(k => k.Split('.')[0]).Distinct());

        // Without domain names the list filters choose the domains.
        Assert.Contains($"Domain: '{s.Name}'", await s.VirshOk("domstats", "--state", "--list-running"));
        Assert.DoesNotContain($"Domain: '{s.Name}'", await s.VirshOk("domstats", "--state", "--list-shutoff"));
    }

    [Fact]
    public async Task Enforce_refuses_a_group_the_daemon_does_not_serve_and_without_it_the_group_is_left_out()
    {
        await ReadyAsync();
        // The memory group (0x100) is one vireod does not gather (perf, 0x40, and iothread, 0x80, are served).
        var refused = await s.Virsh("domstats", "--memory", "--enforce", s.Name);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error: argument unsupported: Stats types bits 0x100 are not supported by this daemon", refused.Stderr);
        var lenient = await s.VirshOk("domstats", "--memory", "--state", s.Name);
        Assert.Equal(["state"], Stats(lenient, s.Name).Keys.Select(k => k.Split('.')[0]).Distinct());
    }

    [Fact]
    public async Task Domstats_answers_every_group_while_another_job_holds_the_domain()
    {
        await ReadyAsync();
        var dom = s.Driver.Registry.GetByUuid(s.Uuid);
        using (await dom.Job.AcquireAsync("held-by-test", s.Name, TimeSpan.FromSeconds(30), CancellationToken.None))
        {
            var stats = Stats(await s.VirshOk("domstats", s.Name), s.Name);
            Assert.Equal("1", stats["state.state"]);
            Assert.True(N(stats, "block.0.rd.reqs") > 0, "the block counters come from QEMU without the job");
            Assert.True(N(stats, "cpu.time") > 0);
            Assert.Equal("held-by-test", dom.Job.Current?.Operation); // still held: the stats did not wait for it
        }
    }

    [Fact]
    public async Task A_guest_of_its_own_shows_its_disk_chain_with_backing_and_its_taps_traffic()
    {
        MachineSetUp.Require(Cli.Exists("virsh"), "virsh (libvirt-clients)");
        Assert.SkipUnless(File.Exists("/dev/net/tun"), "/dev/net/tun is missing: this host cannot create tap devices");
        var name = "ds-" + Guid.NewGuid().ToString("N")[..6];
        var netns = "vireo-ds-" + Guid.NewGuid().ToString("N")[..6];
        var baseImage = Path.Combine(s.Root, name + ".base.qcow2");
        var top = Path.Combine(s.Root, name + ".qcow2");
        await Ok("qemu-img", "create", "-q", "-f", "qcow2", baseImage, "16M");
        await Ok("qemu-img", "create", "-q", "-f", "qcow2", "-b", baseImage, "-F", "qcow2", top);
        await Ok("ip", "netns", "add", netns);
        GuestConsole? console = null;
        try
        {
            await Ok("ip", "-n", netns, "link", "set", "lo", "up");
            await Ok("ip", "-n", netns, "link", "add", "br0", "type", "bridge");
            await Ok("ip", "-n", netns, "addr", "add", "10.226.0.254/24", "dev", "br0");
            await Ok("ip", "-n", netns, "link", "set", "br0", "up");
            var xml = (await s.DomainXmlAsync(name, withDevices: false))
                .Replace("</name>", $"</name>\n  <metadata><vireo:network xmlns:vireo='https://vireo.dev/xmlns/network/1.0' netns='{netns}'/></metadata>", StringComparison.Ordinal)
                .Replace("</cmdline>", " vireo.ip=10.226.0.1/24</cmdline>", StringComparison.Ordinal)
                .Replace("</devices>", $"""
                      <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{top}'/><target dev='vda' bus='virtio'/></disk>
                      <interface type='bridge'><mac address='52:54:00:4a:22:01'/><source bridge='br0'/><model type='virtio'/></interface>
                    </devices>
                    """, StringComparison.Ordinal);
            await s.VirshOk("define", await s.WriteFileAsync(name + ".xml", xml));

            // Shut off: names and sizes from the image (its blocks on the host as allocation, as libvirt), no counters, no net group.
            var off = Stats(await s.VirshOk("domstats", "--block", "--interface", name), name);
            Assert.Equal(new Dictionary<string, string>
            {
                ["block.count"] = "1", ["block.0.name"] = "vda", ["block.0.path"] = top,
                ["block.0.allocation"] = ((ulong)Platform.Files.FileStatus.Of(top)!.AllocatedBytes).ToString(CultureInfo.InvariantCulture),
                ["block.0.capacity"] = "16777216", ["block.0.physical"] = new FileInfo(top).Length.ToString(CultureInfo.InvariantCulture),
            }, off);

            await s.VirshOk("start", name);
            var uuid = s.Driver.Domains.LookupByName(name).Uuid;
            console = new GuestConsole(await s.Driver.Consoles.OpenAsync(uuid, null, replayHistory: true, CancellationToken.None));

            var chain = Stats(await s.VirshOk("domstats", "--block", "--backing", name), name);
            Assert.Equal("2", chain["block.count"]);
            Assert.Equal(("vda", top), (chain["block.0.name"], chain["block.0.path"]));
            Assert.Equal(("vda", baseImage, "1"), (chain["block.1.name"], chain["block.1.path"], chain["block.1.backingIndex"]));
            Assert.False(chain.ContainsKey("block.0.backingIndex"));
            Assert.Equal(("16777216", "16777216"), (chain["block.0.capacity"], chain["block.1.capacity"]));
            Assert.Equal("1", Stats(await s.VirshOk("domstats", "--block", name), name)["block.count"]); // without --backing: the active image only

            await console.WaitUntilBootedAsync(0);
            var tap = Stats(await s.VirshOk("domstats", "--interface", name), name);
            Assert.Equal("1", tap["net.count"]);
            Assert.Matches(@"^vnet\d+$", tap["net.0.name"]);
            var from = console.Length;
            await console.SendLineAsync("ping -c 3 -W 5 10.226.0.254"); // the bridge's address in the test's namespace
            await console.WaitForAsync(PingDone(), from, CommandTimeout);
            var after = Stats(await s.VirshOk("domstats", "--interface", name), name);
            // The guest sent 3 echo requests and received 3 replies (in its own view, as domifstat shows it).
            Assert.True(N(after, "net.0.rx.pkts") >= N(tap, "net.0.rx.pkts") + 3, $"rx.pkts {tap["net.0.rx.pkts"]} -> {after["net.0.rx.pkts"]}");
            Assert.True(N(after, "net.0.tx.pkts") >= N(tap, "net.0.tx.pkts") + 3, $"tx.pkts {tap["net.0.tx.pkts"]} -> {after["net.0.tx.pkts"]}");
            Assert.True(N(after, "net.0.rx.bytes") > N(tap, "net.0.rx.bytes") && N(after, "net.0.tx.bytes") > N(tap, "net.0.tx.bytes"));
            var ifstat = await s.VirshOk("domifstat", name, after["net.0.name"]);
            var rxPackets = long.Parse(Regex.Match(ifstat, @" rx_packets (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(rxPackets >= N(after, "net.0.rx.pkts"), "domifstat reads the same counters the same way round");
        }
        finally
        {
            if (console is not null) await console.DisposeAsync();
            await Cli.Virsh(s.Uri, "destroy", name);
            await Cli.Virsh(s.Uri, "undefine", name);
            await Cli.RunAsync("ip", ["netns", "del", netns]);
        }
    }

    /// <summary>The "  key=value" lines of one domain's record in virsh domstats output.</summary>
    private static Dictionary<string, string> Stats(string output, string domain)
    {
        var at = output.IndexOf($"Domain: '{domain}'\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no record for {domain} in:\n{output}");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output[at..].Split('\n').Skip(1))
        {
            if (!line.StartsWith("  ", StringComparison.Ordinal)) break;
            var eq = line.IndexOf('=');
            result.Add(line[2..eq], line[(eq + 1)..]);
        }
        return result;
    }

    private static long N(Dictionary<string, string> stats, string key) =>
        long.Parse(Assert.Contains(key, stats), CultureInfo.InvariantCulture);

    private static async Task Ok(string program, params string[] args)
    {
        var r = await Cli.RunAsync(program, args);
        Assert.True(r.ExitCode == 0, $"{program} {string.Join(' ', args)}: {r}");
    }

    [GeneratedRegex(@"3 packets transmitted, 3 packets received")]
    private static partial Regex PingDone();

    [GeneratedRegex(@"stats-read-42")]
    private static partial Regex ReadDone();
}
