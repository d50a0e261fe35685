using System.Text;
using System.Text.Json.Nodes;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Qmp;

/// <summary>The JSON of every command builder, pinned byte for byte in Data/commands.golden.txt.</summary>
public class QmpGoldenTests
{
    private static IEnumerable<(string Case, QmpCommand Command)> Cases()
    {
        yield return ("qmp_capabilities", QmpCommands.Capabilities());
        yield return ("query-status", QmpCommands.QueryStatus());
        yield return ("cont", QmpCommands.Cont());
        yield return ("stop", QmpCommands.Stop());
        yield return ("system_powerdown", QmpCommands.SystemPowerdown());
        yield return ("system_reset", QmpCommands.SystemReset());
        yield return ("quit", QmpCommands.Quit());
        yield return ("query-cpus-fast", QmpCommands.QueryCpusFast());
        yield return ("query-block", QmpCommands.QueryBlock());
        yield return ("query-blockstats", QmpCommands.QueryBlockStats());
        yield return ("query-balloon", QmpCommands.QueryBalloon());
        yield return ("balloon", QmpCommands.Balloon(268435456));
        yield return ("balloon-stats-period", QmpCommands.SetBalloonStatsPeriod("/machine/peripheral/balloon0", 2));
        yield return ("balloon-stats", QmpCommands.GetBalloonStats("/machine/peripheral/balloon0"));
        yield return ("qom-set-string", QmpCommands.QomSet("/machine/peripheral/x", "prop", "a \"quoted\" value"));
        yield return ("inject-nmi", QmpCommands.InjectNmi());
        yield return ("send-key-sysrq", QmpCommands.SendKey(["alt", "sysrq", "h"]));
        yield return ("send-key-hold", QmpCommands.SendKey(["ctrl", "alt", "delete"], 200));
        yield return ("transaction-sync", QmpCommands.Transaction([
            QmpCommands.SnapshotSyncAction("d1", "/var/lib/vireo/images/d1.s1.qcow2", "d1s1"),
            QmpCommands.SnapshotSyncAction("d2", "/var/lib/vireo/images/d2.s1.qcow2", "d2s1"),
        ]));
        yield return ("blockdev-add-overlay", QmpCommands.BlockdevAddQcow2Overlay("d1s2", "/var/lib/vireo/images/d1.s2.qcow2"));
        yield return ("transaction-snapshot", QmpCommands.Transaction([QmpCommands.SnapshotAction("d1s1", "d1s2")]));
        yield return ("blockdev-del", QmpCommands.BlockdevDel("d1s2"));
        yield return ("block-commit-active", QmpCommands.BlockCommit("commit1", "d1s2", baseNode: "d1", autoFinalize: true, autoDismiss: true));
        yield return ("block-commit-top", QmpCommands.BlockCommit("commit2", "d1s2", baseNode: "d1", topNode: "d1s1", speed: 1048576));
        yield return ("block-stream", QmpCommands.BlockStream("pull1", "d1s2", baseNode: "d1"));
        yield return ("block-job-complete", QmpCommands.BlockJobComplete("commit1"));
        yield return ("block-job-cancel", QmpCommands.BlockJobCancel("commit1", force: true));
        yield return ("query-block-jobs", QmpCommands.QueryBlockJobs());
        yield return ("query-named-block-nodes", QmpCommands.QueryNamedBlockNodes());
        yield return ("device_add-nic", QmpCommands.DeviceAdd("virtio-net-pci", "net1", [
            new("netdev", "hostnet1"), new("mac", "52:54:00:12:34:56"), new("bus", "pci.0"), new("addr", "0x7"),
        ]));
        yield return ("device_del", QmpCommands.DeviceDel("net1"));
        yield return ("netdev_add-tap-fd", QmpCommands.NetdevAdd("tap", "hostnet1", [new("fd", "fd-net1"), new("vhost", false)]));
        yield return ("netdev_del", QmpCommands.NetdevDel("hostnet1"));
        yield return ("getfd", QmpCommands.GetFd("fd-net1"));
        yield return ("closefd", QmpCommands.CloseFd("fd-net1"));
        yield return ("add-fd", QmpCommands.AddFd());
        yield return ("add-fd-set", QmpCommands.AddFd(fdsetId: 3, opaque: "rdonly:/var/lib/vireo/images/d1.qcow2"));
        yield return ("remove-fd", QmpCommands.RemoveFd(3));
        yield return ("query-vnc", QmpCommands.QueryVnc());
        yield return ("query-spice", QmpCommands.QuerySpice());
        yield return ("set_password", QmpCommands.SetPassword("vnc", "s3cret"));
        yield return ("set_password-spice", QmpCommands.SetPassword("spice", "s3cret", connected: "keep"));
        yield return ("expire_password", QmpCommands.ExpirePassword("vnc", "+60"));
        yield return ("screendump", QmpCommands.Screendump("/tmp/screen.png", format: "png"));
        yield return ("set_link", QmpCommands.SetLink("hostnet1", false));
        yield return ("query-memdev", QmpCommands.QueryMemdev());
        yield return ("human-monitor-command", QmpCommands.HumanMonitorCommand("info registers"));
        yield return ("unicode-argument", QmpCommands.QomSet("/machine/peripheral/x", "name", "gäst-✓"));
        yield return ("block_resize", QmpCommands.BlockResize("d1s2", 134217728));
        yield return ("blockdev-add-copy-qcow2-shallow", QmpCommands.BlockdevAddCopyTarget("vireo-copy1-vda", "/var/lib/vireo/images/copy.qcow2", false, true, "libvirt-2-format"));
        yield return ("blockdev-add-copy-qcow2-full", QmpCommands.BlockdevAddCopyTarget("vireo-copy1-vda", "/var/lib/vireo/images/copy.qcow2", false, true, null));
        yield return ("blockdev-add-copy-raw-device", QmpCommands.BlockdevAddCopyTarget("vireo-copy2-vdb", "/dev/vg/copy", true, false, null));
        yield return ("blockdev-mirror-full", QmpCommands.BlockdevMirror("vireo-job-vda", "libvirt-1-format", "vireo-copy1-vda", topOnly: false));
        yield return ("blockdev-mirror-top-tuned", QmpCommands.BlockdevMirror("vireo-job-vda", "libvirt-1-format", "vireo-copy1-vda", topOnly: true,
            speed: 104857600, granularity: 65536, bufSize: 1048576, writeBlocking: true));
    }

    [Fact]
    public void CommandsMatchTheGoldenFile()
    {
        var sb = new StringBuilder();
        long id = 1;
        foreach (var (name, command) in Cases())
            sb.Append(name).Append(' ').Append(command.ToJson(id++)).Append('\n');
        string path = Path.Combine(TestData.Dir(), "commands.golden.txt");
        if (TestData.Regenerate)
            File.WriteAllText(path, sb.ToString());
        Assert.True(File.Exists(path), $"{path} is missing; run with VIREO_REGENERATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(path), sb.ToString());
    }

    [Fact]
    public void EveryGoldenLineIsValidQmpRequestJson()
    {
        foreach (string line in File.ReadAllLines(Path.Combine(TestData.Dir(), "commands.golden.txt")))
        {
            var obj = JsonNode.Parse(line[(line.IndexOf(' ') + 1)..])!.AsObject();
            Assert.Equal("execute", obj.First().Key);
            Assert.Equal("id", obj.Last().Key);
            Assert.True(obj.Count is 2 or 3, line);
        }
    }

    [Fact]
    public void WithoutAnIdThereIsNoIdMember() =>
        Assert.Equal("{\"execute\":\"cont\"}", QmpCommands.Cont().ToJson());
}
