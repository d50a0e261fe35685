using Vireo.Core.Backups;
using Vireo.Core.Checkpoints;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Qemu.Driver.Features.Backup;

namespace Vireo.Qemu.Tests.Features.Backup;

/// <summary>
/// Resolving a &lt;domainbackup&gt; request against the running domain's disks, with libvirtd 9.0's defaults and
/// refusals (measured against the sandboxed libvirtd: default target "&lt;image&gt;.&lt;seconds&gt;" in qcow2, "no disk
/// named", "no disks selected for backup", the missing checkpoint of an incremental backup).
/// </summary>
public sealed class BackupPlanTests
{
    private const long Start = 1796116216;

    private static readonly Dictionary<string, DomainCheckpointDef> NoCheckpoints = [];

    /// <summary>cp1 has a bitmap on vda only.</summary>
    private static readonly Dictionary<string, DomainCheckpointDef> Cp1 = new()
    {
        ["cp1"] = new DomainCheckpointDef
        {
            Name = "cp1",
            Disks = [new CheckpointDiskDef { Name = "vda", Checkpoint = CheckpointType.Bitmap, Bitmap = "cp1" }, new CheckpointDiskDef { Name = "vdb", Checkpoint = CheckpointType.No }],
        },
    };

    private static DomainDef Live() => new()
    {
        Type = "qemu", Name = "g", Uuid = Guid.Empty,
        Devices = new DevicesDef
        {
            Disks =
            [
                Disk("vda", "/img/d1.qcow2", DiskFormat.Qcow2),
                Disk("vdb", "/img/d2.raw", DiskFormat.Raw),
                Disk("hdc", "/img/cd.iso", DiskFormat.Raw) with { Device = DiskDevice.Cdrom, ReadOnly = true },
            ],
        },
    };

    private static DiskDef Disk(string dev, string path, DiskFormat format) => new()
    {
        Source = new DiskSourceDef(path), Driver = new DiskDriverDef { Name = "qemu", Format = format }, Target = new DiskTargetDef(dev, DiskBus.Virtio),
    };

    [Fact]
    public void Without_disks_every_writable_disk_goes_to_a_qcow2_file_next_to_its_image()
    {
        var plan = BackupPlan.Resolve(new DomainBackupDef(), Live(), Start, NoCheckpoints);
        Assert.Equal([new BackupDiskPlan("vda", "/img/d1.qcow2", "/img/d1.qcow2.1796116216", DiskFormat.Qcow2),
                      new BackupDiskPlan("vdb", "/img/d2.raw", "/img/d2.raw.1796116216", DiskFormat.Qcow2)], plan.Disks);
        Assert.Equal("""
            <domainbackup mode='push'>
              <disks>
                <disk name='vda' backup='yes' type='file' backupmode='full'>
                  <driver type='qcow2'/>
                  <target file='/img/d1.qcow2.1796116216'/>
                </disk>
                <disk name='vdb' backup='yes' type='file' backupmode='full'>
                  <driver type='qcow2'/>
                  <target file='/img/d2.raw.1796116216'/>
                </disk>
                <disk name='hdc' backup='no'/>
              </disks>
            </domainbackup>

            """, BackupXml.Format(plan.Description));
    }

    [Fact]
    public void Listed_disks_keep_their_target_and_format_and_unlisted_ones_their_defaults()
    {
        var request = BackupXml.Parse("<domainbackup><disks><disk name='vdb' type='file'><driver type='raw'/><target file='/b/vdb.raw'/></disk><disk name='vda' backup='no'/></disks></domainbackup>");
        var plan = BackupPlan.Resolve(request, Live(), Start, NoCheckpoints);
        Assert.Equal([new BackupDiskPlan("vdb", "/img/d2.raw", "/b/vdb.raw", DiskFormat.Raw)], plan.Disks);
        Assert.Equal([false, true, false], plan.Description.Disks!.Select(d => d.Backup == true));
    }

    [Theory]
    [InlineData("<domainbackup><disks><disk name='vdz'/></disks></domainbackup>", VirErrorCode.ConfigUnsupported, "unsupported configuration: no disk named 'vdz'")]
    [InlineData("<domainbackup><disks><disk name='vda' backup='no'/><disk name='vdb' backup='no'/></disks></domainbackup>", VirErrorCode.ConfigUnsupported, "unsupported configuration: no disks selected for backup")]
    [InlineData("<domainbackup><incremental>cp1</incremental></domainbackup>", VirErrorCode.NoDomainCheckpoint, "Domain checkpoint not found: Checkpoint 'cp1' for incremental backup of disk 'vda' not found")]
    [InlineData("<domainbackup mode='pull'/>", VirErrorCode.OperationUnsupported, "Operation not supported: Vireo runs push-mode backups only; a pull-mode backup (an NBD export) is not supported")]
    [InlineData("<domainbackup><disks><disk name='vda' type='file'><target file='rel.qcow2'/></disk></disks></domainbackup>", VirErrorCode.InvalidArg, "invalid argument: the backup target 'rel.qcow2' of disk 'vda' is not an absolute path")]
    public void Requests_libvirt_refuses_are_refused_with_its_words(string xml, VirErrorCode code, string message)
    {
        var e = Assert.Throws<VirException>(() => BackupPlan.Resolve(BackupXml.Parse(xml), Live(), Start, NoCheckpoints));
        Assert.Equal((code, message), (e.Code, e.Message));
    }

    [Fact]
    public void An_incremental_disk_copies_from_its_checkpoints_bitmap_and_says_so_in_the_description()
    {
        var plan = BackupPlan.Resolve(BackupXml.Parse("<domainbackup><incremental>cp1</incremental><disks><disk name='vdb' backup='no'/></disks></domainbackup>"), Live(), Start, Cp1);
        Assert.Equal("cp1", plan.Disks.Single().IncrementalBitmap);
        Assert.Equal("cp1", plan.Description.Incremental);
        var vda = plan.Description.Disks!.Single(d => d.Name == "vda");
        Assert.Equal((BackupDiskMode.Incremental, "cp1"), (vda.DiskMode, vda.Incremental));
    }

    [Fact]
    public void An_incremental_disk_whose_checkpoint_has_no_bitmap_on_it_is_refused()
    {
        var e = Assert.Throws<VirException>(() =>
            BackupPlan.Resolve(BackupXml.Parse("<domainbackup><incremental>cp1</incremental><disks><disk name='vdb'/></disks></domainbackup>"), Live(), Start, Cp1));
        Assert.Equal("Requested operation is not valid: missing or broken bitmap 'cp1' for disk 'vdb'", e.Message);
    }
}
