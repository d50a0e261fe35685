using Vireo.Core.Domain;
using Vireo.Core.Params;
using Vireo.Qemu.Driver;

namespace Vireo.Qemu.Tests.Stats;

/// <summary>The block group of domstats from captured query-block / query-blockstats replies (golden files).</summary>
public class BlockStatsRecordsTests
{
    private static readonly DiskDef[] Disks =
    [
        Disk("vda", "/tmp/dsx/top.qcow2", DiskBus.Virtio),
        Disk("vdb", "/tmp/dsx/data.raw", DiskBus.Virtio),
        new() { Device = DiskDevice.Cdrom, Target = new DiskTargetDef("hdc", DiskBus.Ide) },
    ];

    private static readonly Dictionary<string, string> Devices = new()
    {
        ["vda"] = "virtio-disk0", ["vdb"] = "virtio-disk1", ["hdc"] = "ide0-1-0",
    };

    private static DiskDef Disk(string target, string path, DiskBus bus) =>
        new() { Source = new DiskSourceDef(path), Target = new DiskTargetDef(target, bus) };

    private static IReadOnlyList<TypedParameter> Live(bool backing) =>
        BlockStatsRecords.Live(Disks, Devices, StatsGolden.Reply("query-block-chain.json"), StatsGolden.Reply("query-blockstats-chain.json"), backing);

    [Fact]
    public void Active_images_one_record_per_disk_with_counters_and_sizes() =>
        StatsGolden.Check("block-live.golden.txt", StatsGolden.Render(Live(backing: false)));

    [Fact]
    public void Backing_adds_a_record_per_image_of_the_chain() =>
        StatsGolden.Check("block-live-backing.golden.txt", StatsGolden.Render(Live(backing: true)));

    [Fact]
    public void Counters_come_from_the_disks_own_device_and_types_are_libvirts()
    {
        var p = Live(backing: false).ToDictionary(x => x.Field);
        Assert.Equal((TypedParameterType.UInt, 3L), (p["block.count"].Type, p["block.count"].Integer));
        Assert.Equal("vda", p["block.0.name"].Text);
        Assert.Equal(TypedParameterType.ULLong, p["block.0.rd.reqs"].Type);
        Assert.Equal(1UL, p["block.0.rd.reqs"].AsULong);   // SeaBIOS read vda's boot sector once
        Assert.Equal(512UL, p["block.0.rd.bytes"].AsULong);
        Assert.Equal(0UL, p["block.1.rd.reqs"].AsULong);   // and never reached vdb
        Assert.Equal(33554432UL, p["block.0.capacity"].AsULong);
        Assert.Equal(200704UL, p["block.0.physical"].AsULong);
        Assert.Equal(8388608UL, p["block.1.capacity"].AsULong);
        Assert.Equal("hdc", p["block.2.name"].Text);
        Assert.DoesNotContain(p.Keys, k => k.StartsWith("block.2.", StringComparison.Ordinal) && k != "block.2.name"); // empty drive
        Assert.DoesNotContain(p.Keys, k => k.EndsWith(".backingIndex", StringComparison.Ordinal));
    }

    [Fact]
    public void A_threshold_is_reported_from_the_storage_node_under_the_disks_format_node()
    {
        // query-named-block-nodes' shape: the storage node carries the threshold domblkthreshold set, the format node none.
        var nodes = System.Text.Json.Nodes.JsonNode.Parse("""
            [{"node-name": "libvirt-1-format", "write_threshold": 0}, {"node-name": "libvirt-1-storage", "write_threshold": 2097152},
             {"node-name": "libvirt-2-storage", "write_threshold": 0}]
            """);
        var thresholds = BlockStatsRecords.NodeThresholds(nodes);
        Assert.Equal(new Dictionary<string, long> { ["libvirt-1-storage"] = 2097152 }, thresholds);
        var p = BlockStatsRecords.Live(Disks, Devices, StatsGolden.Reply("query-block-chain.json"), StatsGolden.Reply("query-blockstats-chain.json"), false, thresholds)
            .ToDictionary(x => x.Field);
        Assert.Equal((TypedParameterType.ULLong, 2097152UL), (p["block.0.threshold"].Type, p["block.0.threshold"].AsULong));
        Assert.False(p.ContainsKey("block.1.threshold"));
    }

    [Fact]
    public void Backing_records_name_the_same_disk_with_the_base_image_and_its_depth()
    {
        var p = Live(backing: true).ToDictionary(x => x.Field);
        Assert.Equal(4U, (uint)p["block.count"].Integer);
        Assert.Equal(("vda", "vda"), (p["block.0.name"].Text, p["block.1.name"].Text));
        Assert.Equal("/tmp/dsx/base.qcow2", p["block.1.path"].Text);
        Assert.Equal((TypedParameterType.UInt, 1L), (p["block.1.backingIndex"].Type, p["block.1.backingIndex"].Integer));
        Assert.Equal("vdb", p["block.2.name"].Text);
        Assert.Equal("hdc", p["block.3.name"].Text);
    }

    [Fact]
    public void Without_an_answer_from_QEMU_each_disk_still_has_its_name_and_path()
    {
        var ps = BlockStatsRecords.Live(Disks, Devices, null, null, backing: true);
        Assert.Equal(
            "block.count uint 3\n" +
            "block.0.name string vda\nblock.0.path string /tmp/dsx/top.qcow2\n" +
            "block.1.name string vdb\nblock.1.path string /tmp/dsx/data.raw\n" +
            "block.2.name string hdc\n", StatsGolden.Render(ps));
    }

    [Fact]
    public void A_disk_QEMU_does_not_know_by_device_id_gets_no_counters()
    {
        var ps = BlockStatsRecords.Live([Disks[0]], new Dictionary<string, string> { ["vda"] = "virtio-disk9" },
            StatsGolden.Reply("query-block-chain.json"), StatsGolden.Reply("query-blockstats-chain.json"), backing: false);
        Assert.Equal("block.count uint 1\nblock.0.name string vda\nblock.0.path string /tmp/dsx/top.qcow2\n", StatsGolden.Render(ps));
    }

    [Fact]
    public void Shut_off_disks_report_sizes_read_from_their_images()
    {
        var ps = BlockStatsRecords.Offline(Disks, path => path.EndsWith(".qcow2", StringComparison.Ordinal) ? new ImageSizes(200_704, 1 << 30, 196_608) : null);
        Assert.Equal(
            "block.count uint 3\n" +
            "block.0.name string vda\nblock.0.path string /tmp/dsx/top.qcow2\nblock.0.allocation ullong 200704\nblock.0.capacity ullong 1073741824\nblock.0.physical ullong 196608\n" +
            "block.1.name string vdb\nblock.1.path string /tmp/dsx/data.raw\n" +
            "block.2.name string hdc\n", StatsGolden.Render(ps));
    }

    [Theory]
    [InlineData("/machine/peripheral/virtio-disk0/virtio-backend", "virtio-disk0", true)]
    [InlineData("/machine/peripheral/scsi0-0-0-0", "scsi0-0-0-0", true)]
    [InlineData("ide0-1-0", "ide0-1-0", true)]
    [InlineData("/machine/peripheral/virtio-disk10/virtio-backend", "virtio-disk1", false)]
    [InlineData(null, "virtio-disk0", false)]
    public void Qdev_paths_match_only_their_own_device(string? qdev, string deviceId, bool expected) =>
        Assert.Equal(expected, BlockStatsRecords.IsDevice(qdev, deviceId));
}
