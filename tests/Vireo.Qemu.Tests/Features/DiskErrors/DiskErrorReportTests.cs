using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.DiskErrors;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Tests.Features.DiskErrors;

/// <summary>
/// domblkerror's mapping of query-block's io-status. query-block-nospace.json is QEMU 7.2's real answer
/// for a qcow2 disk (werror=stop) whose host file system filled up while the guest wrote to it.
/// </summary>
public sealed class DiskErrorReportTests
{
    private static DiskDef Disk(string dev) => new() { Target = new DiskTargetDef(dev, DiskBus.Virtio), Source = new DiskSourceDef($"/img/{dev}.qcow2") };

    private static IReadOnlyList<QmpBlockDevice> Captured([CallerFilePath] string source = "") =>
        QmpBlockDevice.ListFromJson(JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(source)!, "query-block-nospace.json"))));

    [Fact]
    public void A_disk_qemu_stopped_for_a_full_host_file_system_reports_no_space()
    {
        var errors = DiskErrorReport.Of([Disk("vda")], new Dictionary<string, string> { ["vda"] = "virtio-disk0" }, Captured());
        Assert.Equal([new DiskError("vda", DiskErrorCode.NoSpace)], errors);
    }

    [Fact]
    public void Disks_without_an_error_or_unknown_to_qemu_are_left_out()
    {
        // vdb has no device id (not started by us), vdc's device is not in the answer.
        var errors = DiskErrorReport.Of([Disk("vdb"), Disk("vdc")], new Dictionary<string, string> { ["vdc"] = "virtio-disk9" }, Captured());
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null, DiskErrorCode.None)]
    [InlineData("ok", DiskErrorCode.None)]
    [InlineData("failed", DiskErrorCode.Unspec)]
    [InlineData("nospace", DiskErrorCode.NoSpace)]
    [InlineData("something-newer", DiskErrorCode.Unspec)]
    public void Io_status_maps_to_libvirts_disk_error_codes(string? ioStatus, DiskErrorCode expected) =>
        Assert.Equal(expected, DiskErrorReport.CodeOf(ioStatus));
}
