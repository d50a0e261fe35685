using Vireo.Core.Checkpoints;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Qemu.Driver.Features.Checkpoints;

namespace Vireo.Qemu.Tests.Checkpoints;

/// <summary>Which disks a checkpoint request covers, and libvirtd's refusals, before QEMU is asked anything.</summary>
public sealed class CheckpointPlanTests
{
    private static readonly DomainDef Def = DomainXml.Parse("""
        <domain type='qemu'>
          <name>web</name>
          <memory unit='MiB'>256</memory>
          <os><type arch='x86_64'>hvm</type></os>
          <devices>
            <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/img/a.qcow2'/><target dev='vda' bus='virtio'/></disk>
            <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/img/b.qcow2'/><target dev='vdb' bus='virtio'/></disk>
            <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>
          </devices>
        </domain>
        """);

    private static IReadOnlyList<CheckpointDiskDef> Plan(string xml, DomainDef? def = null) =>
        CheckpointPlan.Resolve(CheckpointXml.Parse(xml), "c1", def ?? Def);

    private static string Describe(IEnumerable<CheckpointDiskDef> disks) =>
        string.Join(" ", disks.Select(d => $"{d.Name}={(d.Checkpoint == CheckpointType.Bitmap ? d.Bitmap : "no")}"));

    [Fact]
    public void Without_disks_every_writable_disk_with_a_medium_gets_a_bitmap_named_after_the_checkpoint() =>
        Assert.Equal("vda=c1 vdb=c1 hdc=no", Describe(Plan("<domaincheckpoint/>")));

    [Fact]
    public void With_disks_listed_ones_get_a_bitmap_and_the_others_none() =>
        Assert.Equal("vda=no vdb=c1 hdc=no", Describe(Plan("<domaincheckpoint><disks><disk name='vdb'/></disks></domaincheckpoint>")));

    [Fact]
    public void Checkpoint_no_on_every_listed_disk_gives_a_checkpoint_without_bitmaps() =>
        Assert.Equal("vda=no vdb=no hdc=no", Describe(Plan("<domaincheckpoint><disks><disk name='vda' checkpoint='no'/></disks></domaincheckpoint>")));

    [Theory]
    [InlineData("<disk name='vdz'/>", "unsupported configuration: no disk named 'vdz'", VirErrorDomain.DomainCheckpoint)]
    [InlineData("<disk name='vda'/><disk name='vda'/>", "unsupported configuration: disk 'vda' specified twice", VirErrorDomain.DomainCheckpoint)]
    [InlineData("<disk name='vda' bitmap='other'/>", "unsupported configuration: bitmap for disk 'vda' must match checkpoint name 'c1'", VirErrorDomain.Qemu)]
    public void Refusals_are_libvirtds(string disks, string message, VirErrorDomain domain)
    {
        var e = Assert.Throws<VirException>(() => Plan($"<domaincheckpoint><disks>{disks}</disks></domaincheckpoint>"));
        Assert.Equal((VirErrorCode.ConfigUnsupported, domain, message), (e.Code, e.ErrorDomain, e.Message));
    }

    [Fact]
    public void A_raw_disk_cannot_hold_a_bitmap()
    {
        var raw = Def with { Devices = Def.Devices with { Disks = [Def.Devices.Disks[0] with { Driver = new DiskDriverDef { Name = "qemu", Format = DiskFormat.Raw } }] } };
        var e = Assert.Throws<VirException>(() => Plan("<domaincheckpoint/>", raw));
        Assert.Equal("unsupported configuration: checkpoint for disk vda unsupported for storage type raw", e.Message);
    }
}
