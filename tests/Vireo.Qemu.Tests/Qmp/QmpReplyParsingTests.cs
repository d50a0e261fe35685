using System.Text;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Qmp;

/// <summary>Parsing of lines real QEMU 7.2 sent (Data/replies).</summary>
public class QmpReplyParsingTests
{
    private static QmpMessage Parse(string file) => QmpMessage.Parse(Encoding.UTF8.GetBytes(TestData.Reply(file).TrimEnd()));

    private static QmpReturn Return(string file) => Assert.IsType<QmpReturn>(Parse(file));

    [Fact]
    public void Greeting()
    {
        var g = Assert.IsType<QmpGreeting>(Parse("greeting.json"));
        Assert.Equal(new Version(7, 2, 22), g.Version);
        Assert.Equal("Debian 1:7.2+dfsg-7+deb12u18+b3", g.Package);
        Assert.Equal(["oob"], g.Capabilities);
    }

    [Fact]
    public void Status()
    {
        Assert.Equal(new QmpStatus("prelaunch", false), QmpStatus.FromJson(Return("query-status-prelaunch.json").Value));
        var running = Return("query-status-running.json");
        Assert.Equal(14, running.Id);
        Assert.Equal(new QmpStatus("running", true), QmpStatus.FromJson(running.Value));
    }

    [Fact]
    public void Errors()
    {
        var e = Assert.IsType<QmpErrorReply>(Parse("error-command-not-found.json"));
        Assert.Equal((12L, "CommandNotFound", "The command no-such-command has not been found"), (e.Id!.Value, e.Class, e.Description));
        var balloon = Assert.IsType<QmpErrorReply>(Parse("error-device-not-active.json"));
        Assert.Equal("DeviceNotActive", balloon.Class);
    }

    [Fact]
    public void CpusFast()
    {
        var cpus = QmpCpu.ListFromJson(Return("query-cpus-fast.json").Value);
        Assert.Equal(2, cpus.Count);
        Assert.Equal(new QmpCpu(1, 6636, "/machine/unattached/device[2]", 0, 1, 0, 0), cpus[1]);
    }

    [Fact]
    public void BalloonAndStats()
    {
        Assert.Equal(134217728, QmpBalloonInfo.FromJson(Return("query-balloon.json").Value).ActualBytes);
        var none = QmpBalloonStats.FromJson(Return("qom-get.json").Value); // guest not booted: all UINT64_MAX
        Assert.Equal(0, none.LastUpdate);
        Assert.Null(none["stat-free-memory"]);
        var live = QmpBalloonStats.FromJson(Return("qom-get-guest-stats-live.json").Value);
        Assert.Equal(193720320UL, live["stat-free-memory"]);
        Assert.Equal(224411648UL, live["stat-total-memory"]);
        Assert.Null(live["stat-htlb-pgalloc"]);
        Assert.Equal(1795988519, live.LastUpdate);
    }

    [Fact]
    public void Block()
    {
        var dev = Assert.Single(QmpBlockDevice.ListFromJson(Return("query-block.json").Value));
        Assert.Equal("", dev.Device);
        Assert.Equal("vd1", dev.DeviceId);
        Assert.Equal(("d1", "/tmp/qcap/d1.qcow2", "qcow2"), (dev.NodeName, dev.FileName, dev.Format));
        Assert.Equal((67108864L, 200704L), (dev.VirtualSize!.Value, dev.ActualSize!.Value));
        Assert.False(dev.ReadOnly);
        Assert.Equal("ok", dev.IoStatus);

        var stats = Assert.Single(QmpBlockStats.ListFromJson(Return("query-blockstats.json").Value));
        Assert.Equal(("d1", "/machine/peripheral/vd1/virtio-backend"), (stats.NodeName, stats.QdevPath));
        Assert.Equal(0, stats.WrBytes);

        var nodes = QmpNamedBlockNode.ListFromJson(Return("query-named-block-nodes.json").Value);
        Assert.Contains(nodes, n => n.NodeName == "d1" && n.Driver == "qcow2" && n.VirtualSize == 67108864);
        Assert.Contains(nodes, n => n.NodeName == "f1" && n.Driver == "file");

        var job = Assert.Single(QmpBlockJob.ListFromJson(Return("query-block-jobs.json").Value));
        Assert.Equal(new QmpBlockJob("commit1", "commit", 0, 0, 0, false, false, true, "ready"), job);
    }

    [Fact]
    public void DisplaysAndMemdev()
    {
        var vnc = QmpVncInfo.FromJson(Return("query-vnc.json").Value);
        Assert.Equal((true, "unix", "/tmp/qcap/vnc.sock", "none", 0), (vnc.Enabled, vnc.Family, vnc.Service, vnc.Auth, vnc.Clients));
        var spice = QmpSpiceInfo.FromJson(Return("query-spice.json").Value);
        Assert.Equal((true, "/tmp/qcap/spice.sock", "server"), (spice.Enabled, spice.Host, spice.MouseMode));
        Assert.Null(spice.Port);
        var mem = Assert.Single(QmpMemdev.ListFromJson(Return("query-memdev.json").Value));
        Assert.Equal(("m0", 134217728L, "bind"), (mem.Id, mem.Size, mem.Policy));
        Assert.Equal([0], mem.HostNodes);
    }

    [Fact]
    public void HmpTextAndEmptyReturn()
    {
        Assert.StartsWith("7.2.22", Return("human-monitor-command.json").Value!.GetValue<string>());
        Assert.Empty(Return("transaction.json").Value!.AsObject());
    }

    [Fact]
    public void Events()
    {
        var events = File.ReadAllLines(Path.Combine(TestData.Dir(), "replies", "events.jsonl"))
            .Select(l => Assert.IsType<QmpEvent>(QmpMessage.Parse(Encoding.UTF8.GetBytes(l)))).ToList();
        Assert.Equal("RESUME", events[0].Name);
        Assert.Null(events[0].Data);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795995299).AddTicks(7709850), events[0].Timestamp);
        var ready = events.First(e => e.Name == "BLOCK_JOB_READY");
        Assert.Equal(("commit1", "commit"), (ready.GetString("device"), ready.GetString("type")));
        var shutdown = events.First(e => e.Name == "SHUTDOWN");
        Assert.Equal((false, "host-qmp-quit"), (shutdown.GetBool("guest"), shutdown.GetString("reason")));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"something\": 1}")]
    public void GarbageIsAFormatError(string line) =>
        Assert.Throws<FormatException>(() => QmpMessage.Parse(Encoding.UTF8.GetBytes(line)));
}
