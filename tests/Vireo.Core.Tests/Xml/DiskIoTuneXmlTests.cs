using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;

namespace Vireo.Core.Tests.Xml;

/// <summary>
/// A disk's &lt;iotune&gt;: written back as libvirtd 9.0 writes it (the expected text below is `virsh dumpxml` of the
/// same definition from a sandboxed libvirtd: its order, zeros dropped, the group after size_iops_sec, escaping),
/// and refused with libvirt's sentences where libvirtd refuses it.
/// </summary>
public sealed class DiskIoTuneXmlTests
{
    private static string Domain(string iotune) =>
        "<domain type='qemu'><name>io</name><memory>65536</memory><os><type>hvm</type></os><devices>" +
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/d.qcow2'/><target dev='vda' bus='virtio'/>" +
        $"<iotune>{iotune}</iotune></disk></devices></domain>";

    private static string IoTuneOf(DomainDef def)
    {
        var disk = DomainXml.Format(def).Split('\n');
        var start = Array.FindIndex(disk, l => l.Contains("<iotune>", StringComparison.Ordinal));
        var end = Array.FindIndex(disk, l => l.Contains("</iotune>", StringComparison.Ordinal));
        return start < 0 ? "" : string.Join("\n", disk[start..(end + 1)].Select(l => l.Trim()));
    }

    [Fact]
    public void IoTune_IsWrittenInLibvirtsOrder_WithoutZeros()
    {
        var def = DomainXml.Parse(Domain(
            "<group_name>g&amp;1</group_name><write_iops_sec_max_length>5</write_iops_sec_max_length><total_bytes_sec>1000000</total_bytes_sec>" +
            "<total_iops_sec_max>400</total_iops_sec_max><total_iops_sec>200</total_iops_sec><size_iops_sec>4096</size_iops_sec><write_iops_sec_max>0</write_iops_sec_max>"));
        Assert.Equal(string.Join("\n",
            "<iotune>", "<total_bytes_sec>1000000</total_bytes_sec>", "<total_iops_sec>200</total_iops_sec>",
            "<total_iops_sec_max>400</total_iops_sec_max>", "<size_iops_sec>4096</size_iops_sec>", "<group_name>g&amp;1</group_name>",
            "<write_iops_sec_max_length>5</write_iops_sec_max_length>", "</iotune>"), IoTuneOf(def));
        var tune = def.Devices.Disks[0].IoTune!;
        Assert.Equal(400UL, tune[IoTuneField.TotalIopsSecMax]);
        Assert.Equal("g&1", tune.GroupName);
        Assert.Equal(def, DomainXml.Parse(DomainXml.Format(def)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("<total_bytes_sec>0</total_bytes_sec>")]
    [InlineData("<group_name></group_name>")]
    public void AnIoTuneWithNothing_Disappears(string iotune) =>
        Assert.Null(DomainXml.Parse(Domain(iotune)).Devices.Disks[0].IoTune);

    [Theory]
    [InlineData("<total_bytes_sec>abc</total_bytes_sec>", VirErrorCode.XmlError, "XML error: disk iotune field 'total_bytes_sec' must be an integer")]
    [InlineData("<total_bytes_sec> 12 </total_bytes_sec>", VirErrorCode.XmlError, "XML error: disk iotune field 'total_bytes_sec' must be an integer")]
    [InlineData("<read_iops_sec>-1</read_iops_sec>", VirErrorCode.XmlError, "XML error: disk iotune field 'read_iops_sec' must be an integer")]
    [InlineData("<total_bytes_sec>5</total_bytes_sec><read_bytes_sec>3</read_bytes_sec>", VirErrorCode.XmlError, "XML error: total and read/write bytes_sec cannot be set at the same time")]
    [InlineData("<total_iops_sec>5</total_iops_sec><write_iops_sec>3</write_iops_sec>", VirErrorCode.XmlError, "XML error: total and read/write iops_sec cannot be set at the same time")]
    [InlineData("<total_bytes_sec_max>5</total_bytes_sec_max><read_bytes_sec_max>3</read_bytes_sec_max>", VirErrorCode.XmlError, "XML error: total and read/write bytes_sec_max cannot be set at the same time")]
    [InlineData("<total_iops_sec_max>5</total_iops_sec_max><read_iops_sec_max>3</read_iops_sec_max>", VirErrorCode.XmlError, "XML error: total and read/write iops_sec_max cannot be set at the same time")]
    public void BadIoTune_GetsLibvirtsParseError(string iotune, VirErrorCode code, string message)
    {
        var e = Assert.Throws<VirException>(() => DomainXml.Parse(Domain(iotune)));
        Assert.Equal(code, e.Code);
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("<total_bytes_sec>1000000000000000000</total_bytes_sec>", VirErrorCode.ArgumentUnsupported, "argument unsupported: block I/O throttle limit must be no more than 1000000000000000 using QEMU")]
    [InlineData("<size_iops_sec>1000000000000001</size_iops_sec>", VirErrorCode.ArgumentUnsupported, "argument unsupported: block I/O throttle limit must be no more than 1000000000000000 using QEMU")]
    [InlineData("<group_name>x</group_name>", VirErrorCode.ConfigUnsupported, "unsupported configuration: group_name can be configured only together with settings")]
    public void IoTuneQemuCannotTake_IsRefusedAtDefine(string iotune, VirErrorCode code, string message)
    {
        var e = Assert.Throws<VirException>(() => DomainValidator.Validate(DomainXml.Parse(Domain(iotune))));
        Assert.Equal(code, e.Code);
        Assert.Equal(message, e.Message);
    }
}
