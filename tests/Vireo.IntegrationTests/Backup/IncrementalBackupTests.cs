using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Checkpoints;
using Vireo.IntegrationTests.Snapshots;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Backup;

/// <summary>
/// Incremental push-mode backups on the real TCG guest, driven by stock virsh: a full backup that makes checkpoint
/// c1 at its own instant, more writes, then an incremental backup from c1 (making c2) that copies only the
/// clusters written since; the full and incremental images together read back as the guest's disk.
/// </summary>
public sealed class IncrementalBackupTests
{
    private const long S0 = 2048, S1 = 8192;

    [Fact]
    public async Task An_incremental_backup_copies_only_what_the_guest_wrote_since_the_checkpoint()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("incr");
        using var events = new EventLog(rig.Events, rig.Name);
        await using var console = await rig.StartGuestAsync();
        await console.WriteAsync("vda", S0, "BEFORE-C1");

        // The full backup and checkpoint c1 start at one instant.
        var full = Path.Combine(rig.ImageDir, "full.qcow2");
        var fullXml = await BackupTests.XmlFileAsync(rig, Request(full, incremental: null));
        var c1 = await BackupTests.XmlFileAsync(rig, "<domaincheckpoint><name>c1</name></domaincheckpoint>");
        Assert.Contains("Backup started", await rig.VirshOkAsync("backup-begin", rig.Name, fullXml, c1));
        await events.WaitForAsync(e => e is JobCompletedEvent, TimeSpan.FromSeconds(60), "JOB_COMPLETED of the full backup");
        Assert.Equal("c1\n\n", await rig.VirshOkAsync("checkpoint-list", rig.Name, "--name"));

        await console.WriteAsync("vda", S1, "AFTER-C1");
        var seen = events.All.Count;
        var incremental = Path.Combine(rig.ImageDir, "inc.qcow2");
        var incXml = await BackupTests.XmlFileAsync(rig, Request(incremental, incremental: "c1"));
        var c2 = await BackupTests.XmlFileAsync(rig, "<domaincheckpoint><name>c2</name></domaincheckpoint>");
        Assert.Contains("Backup started", await rig.VirshOkAsync("backup-begin", rig.Name, incXml, c2));
        await events.WaitForAsync(e => e is JobCompletedEvent { } j && j.Params.Any(p => p.Field == "success"), TimeSpan.FromSeconds(60), "JOB_COMPLETED of the incremental backup", from: seen);
        Assert.Equal("c1\n", await rig.VirshOkAsync("checkpoint-parent", rig.Name, "c2"));

        // Only the cluster written after c1 is in the incremental image; as libvirt makes it, its backing is the disk's image.
        Assert.True(await Tools.HoldsOwnDataAsync(incremental, S1 * 512), "the incremental backup should hold the write after c1");
        Assert.False(await Tools.HoldsOwnDataAsync(incremental, S0 * 512), "the incremental backup should not hold the write before c1");
        Assert.Equal(rig.Disk1, await Tools.BackingOfAsync(incremental));
        // The checkpoints' bitmaps stay; the backup's temporary one is gone.
        var bitmaps = (await CheckpointLifecycleTests.BitmapsAsync(rig))["vda"].Select(b => b.Name).Order();
        Assert.Equal(["c1", "c2"], bitmaps);

        // Put on the full backup, the incremental one reads back as the guest's disk.
        await Tools.OkAsync("qemu-img", "rebase", "-u", "-b", full, "-F", "qcow2", incremental);
        Assert.Equal("BEFORE-C1", await Tools.ReadSectorAsync(incremental, S0));
        Assert.Equal("AFTER-C1", await Tools.ReadSectorAsync(incremental, S1));
        Assert.Contains("Images are identical", await Tools.OkAsync("qemu-img", "compare", "-U", incremental, rig.Disk1));
    }

    private static string Request(string target, string? incremental) =>
        "<domainbackup mode='push'>" + (incremental is null ? "" : $"<incremental>{incremental}</incremental>") +
        $"<disks><disk name='vda' type='file'><driver type='qcow2'/><target file='{target}'/></disk><disk name='vdb' backup='no'/></disks></domainbackup>";
}
