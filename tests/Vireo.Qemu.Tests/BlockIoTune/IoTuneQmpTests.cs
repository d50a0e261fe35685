using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Params;
using Vireo.Qemu.Driver.Features.BlockIoTune;

namespace Vireo.Qemu.Tests.BlockIoTune;

/// <summary>
/// blkdeviotune's QMP and rules, pure. The expected block_set_io_throttle texts are what a sandboxed libvirtd 9.0
/// sent QEMU for the same disk (read from its monitor log); the expected results of changes are what libvirtd's
/// blkdeviotune printed after the same sequence.
/// </summary>
public sealed class IoTuneQmpTests
{
    private const string Qom = "/machine/peripheral/virtio-disk0/virtio-backend";

    private static DiskIoTuneDef Tune(string? group = null, params (IoTuneField F, ulong V)[] values)
    {
        var t = DiskIoTuneDef.None.WithGroup(group);
        foreach (var (f, v) in values) t = t.With(f, v);
        return t;
    }

    [Fact]
    public void SetThrottle_IsLibvirtsMessage_WithTheGroupAndOnlyTheLengthsGiven()
    {
        var tune = Tune("g&1", (IoTuneField.ReadBytesSec, 500), (IoTuneField.TotalIopsSec, 200), (IoTuneField.TotalBytesSecMax, 10),
            (IoTuneField.TotalIopsSecMax, 400), (IoTuneField.SizeIopsSec, 4096), (IoTuneField.WriteIopsSecMaxLength, 5));
        Assert.Equal(
            """{"execute":"block_set_io_throttle","arguments":{"id":"/machine/peripheral/virtio-disk0/virtio-backend","bps":0,"bps_rd":500,"bps_wr":0,"iops":200,"iops_rd":0,"iops_wr":0,"bps_max":10,"bps_rd_max":0,"bps_wr_max":0,"iops_max":400,"iops_rd_max":0,"iops_wr_max":0,"iops_size":4096,"group":"g&1","iops_wr_max_length":5}}""",
            IoTuneQmp.Set(Qom, tune).ToJson());
    }

    [Fact]
    public void SetThrottle_WithoutGroup_SendsEveryLimitAndTheSize()
    {
        Assert.Equal(
            """{"execute":"block_set_io_throttle","arguments":{"id":"/machine/peripheral/virtio-disk0/virtio-backend","bps":5,"bps_rd":0,"bps_wr":0,"iops":0,"iops_rd":0,"iops_wr":0,"bps_max":0,"bps_rd_max":0,"bps_wr_max":0,"iops_max":0,"iops_rd_max":0,"iops_wr_max":0,"iops_size":0}}""",
            IoTuneQmp.Set(Qom, Tune(null, (IoTuneField.TotalBytesSec, 5))).ToJson());
    }

    [Theory]
    [InlineData(DiskBus.Virtio, "virtio-disk0", "/machine/peripheral/virtio-disk0/virtio-backend")]
    [InlineData(DiskBus.Sata, "sata0-0-0", "sata0-0-0")]
    public void TheDevice_IsNamedAsLibvirtNamesIt(DiskBus bus, string id, string expected) =>
        Assert.Equal(expected, IoTuneQmp.QomId(id, bus));

    [Fact]
    public void QueryBlock_GivesTheLimitsAndTheGroupQemuReports()
    {
        var reply = JsonNode.Parse($$$"""
            [{"device":"","qdev":"/machine/peripheral/other/virtio-backend","inserted":{"bps":9}},
             {"device":"","qdev":"{{{Qom}}}","inserted":{"bps":0,"bps_rd":500,"bps_wr":0,"iops":200,"iops_rd":0,"iops_wr":0,
              "iops_max":400,"iops_max_length":1,"iops_size":4096,"group":"g2","node-name":"libvirt-1-format"}}]
            """);
        var tune = IoTuneQmp.FromQueryBlock(reply, Qom)!;
        Assert.Equal(Tune("g2", (IoTuneField.ReadBytesSec, 500), (IoTuneField.TotalIopsSec, 200), (IoTuneField.TotalIopsSecMax, 400),
            (IoTuneField.TotalIopsSecMaxLength, 1), (IoTuneField.SizeIopsSec, 4096)), tune);
        Assert.Null(IoTuneQmp.FromQueryBlock(reply, "/machine/peripheral/nosuch/virtio-backend"));
    }

    private static IoTuneChange Change(params (string Name, ulong Value)[] ps) =>
        IoTuneChange.Parse(ps.Select(p => TypedParameter.ULLong(p.Name, p.Value)).ToList());

    [Fact]
    public void OneLimitOfAFamily_ResetsTheOthers_AndOtherFamiliesAreKept()
    {
        var old = Tune("g", (IoTuneField.TotalBytesSec, 1000), (IoTuneField.TotalIopsSec, 200), (IoTuneField.TotalIopsSecMax, 400));
        var result = Change(("read_bytes_sec", 500)).ApplyTo(old);
        Assert.Equal(Tune("g", (IoTuneField.ReadBytesSec, 500), (IoTuneField.TotalIopsSec, 200), (IoTuneField.TotalIopsSecMax, 400)), result);
    }

    [Fact]
    public void ALengthAFamilyChangeClears_BecomesOne_WhileItsLimitIsSet()
    {
        // libvirtd: total_bytes_sec 5 with total_bytes_sec_max_length 5, then --read-bytes-sec-max-length 3.
        var old = Tune(null, (IoTuneField.TotalBytesSec, 5), (IoTuneField.TotalBytesSecMaxLength, 5));
        var result = Change(("read_bytes_sec_max_length", 3)).ApplyTo(old);
        Assert.Equal(Tune(null, (IoTuneField.TotalBytesSec, 5), (IoTuneField.TotalBytesSecMaxLength, 1), (IoTuneField.ReadBytesSecMaxLength, 3)), result);
        var cleared = Change(("total_bytes_sec_max_length", 0)).ApplyTo(Tune(null, (IoTuneField.TotalBytesSecMaxLength, 1)));
        Assert.True(cleared.IsEmpty);
    }

    [Fact]
    public void NoLimitLeft_TakesTheDiskOutOfItsGroup_ButANewGroupWithoutLimitsIsRefused()
    {
        Assert.Null(Change(("total_bytes_sec", 0)).ApplyTo(Tune("q", (IoTuneField.TotalBytesSec, 1))).GroupName);
        var e = Assert.Throws<VirException>(() => IoTuneChange.Parse([TypedParameter.ULLong("total_bytes_sec", 0), TypedParameter.String("group_name", "q")]).ApplyTo(DiskIoTuneDef.None));
        Assert.Equal("unsupported configuration: creating a new group/updating existing with all tune parameters zero is not supported", e.Message);
    }

    [Theory]
    [InlineData("total_bytes_sec", 10UL, "read_bytes_sec", 5UL, "invalid argument: total and read/write of bytes_sec cannot be set at the same time")]
    [InlineData("total_iops_sec", 10UL, "read_iops_sec", 5UL, "invalid argument: total and read/write of iops_sec cannot be set at the same time")]
    [InlineData("total_bytes_sec", 1000000000000001UL, "size_iops_sec", 1UL, "argument unsupported: block I/O throttle limit value must be no more than 1000000000000000")]
    [InlineData("total_bytes_sec", 1UL, "nosuch", 1UL, "argument unsupported: parameter 'nosuch' not supported")]
    public void BadParameters_AreRefusedAsLibvirtRefusesThem(string a, ulong av, string b, ulong bv, string message) =>
        Assert.Equal(message, Assert.Throws<VirException>(() => Change((a, av), (b, bv))).Message);

    [Theory]
    [InlineData(0UL, 50UL, "unsupported configuration: cannot reset 'total_bytes_sec' when 'total_bytes_sec_max' is set")]
    [InlineData(100UL, 50UL, "unsupported configuration: value 'total_bytes_sec_max' cannot be smaller than 'total_bytes_sec'")]
    public void ABurstWithoutItsLimitOrBelowIt_IsRefusedForQemu(ulong limit, ulong burst, string message) =>
        Assert.Equal(message, Assert.Throws<VirException>(() =>
            IoTuneChange.CheckBursts(Tune(null, (IoTuneField.TotalBytesSec, limit), (IoTuneField.TotalBytesSecMax, burst)))).Message);

    [Fact]
    public void Values_AreTwentyParametersInVirshsOrder()
    {
        var names = IoTuneChange.Values(Tune("g", (IoTuneField.TotalBytesSec, 1))).Select(p => p.Field).ToList();
        Assert.Equal(IoTuneChange.ParameterCount, names.Count);
        Assert.Equal(["size_iops_sec", "group_name", "total_bytes_sec_max_length"], names.Skip(12).Take(3));
    }
}
