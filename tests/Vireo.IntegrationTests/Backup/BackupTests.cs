using System.Text.RegularExpressions;
using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Snapshots;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Backup;

/// <summary>
/// virsh backup-begin, backup-dumpxml, domjobinfo and domjobabort, and python-libvirt's backupBegin, on the real
/// TCG guest: the backup holds what the guest wrote, the guest's disks and block graph are as before and the
/// guest keeps running; JOB_COMPLETED then BLOCK_JOB (type backup) announce the end; refusals are libvirtd 9.0's
/// (measured against the sandboxed libvirtd) and leave no file or node behind.
/// </summary>
public sealed class BackupTests
{
    private const long S0 = 2048, S1 = 4096;

    [Fact]
    public async Task A_full_backup_copies_what_the_guest_wrote_and_leaves_the_guest_and_its_disks_as_they_were()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("backup");
        using var events = new EventLog(rig.Events, rig.Name);
        await using var console = await rig.StartGuestAsync();
        await console.WriteAsync("vda", S0, "B0-vda");
        await console.WriteAsync("vdb", S0, "B0-vdb");
        var nodes = await rig.BlockNodesAsync();
        var files = rig.ImageFiles();

        // Nothing runs yet; refusals leave no file and no node behind.
        Assert.Contains("error: Domain backup job id not found: no domain backup job present", await rig.VirshFailsAsync("backup-dumpxml", rig.Name));
        Assert.Contains("error: Requested operation is not valid: no job is active on the domain", await rig.VirshFailsAsync("domjobabort", rig.Name));
        Assert.Contains($"error: invalid argument: store '{rig.Disk2}' for backup of 'vda' exists",
            await rig.VirshFailsAsync("backup-begin", rig.Name, await XmlFileAsync(rig, Push(("vda", rig.Disk2, "qcow2")))));
        var missingDir = Path.Combine(rig.ImageDir, "no", "x.qcow2");
        Assert.Contains($"error: failed to create image file '{missingDir}': No such file or directory",
            await rig.VirshFailsAsync("backup-begin", rig.Name, await XmlFileAsync(rig, Push(("vda", missingDir, "qcow2")))));
        Assert.Contains("error: Domain checkpoint not found: Checkpoint 'nope' for incremental backup of disk 'vda' not found",
            await rig.VirshFailsAsync("backup-begin", rig.Name, await XmlFileAsync(rig, "<domainbackup><incremental>nope</incremental></domainbackup>")));
        Assert.Contains("error: unsupported configuration: no disks selected for backup",
            await rig.VirshFailsAsync("backup-begin", rig.Name, await XmlFileAsync(rig,
                "<domainbackup><disks><disk name='vda' backup='no'/><disk name='vdb' backup='no'/></disks></domainbackup>")));
        Assert.Contains("error: unsupported configuration: no disk named 'vdz'",
            await rig.VirshFailsAsync("backup-begin", rig.Name, await XmlFileAsync(rig, Push(("vdz", Path.Combine(rig.ImageDir, "z.qcow2"), "qcow2")))));
        Assert.Equal(nodes, await rig.BlockNodesAsync());
        Assert.Equal(files, rig.ImageFiles());

        // A backup to a qcow2 file (vda) and a raw file (vdb).
        var toQcow2 = Path.Combine(rig.ImageDir, "vda.backup.qcow2");
        var toRaw = Path.Combine(rig.ImageDir, "vdb.backup.raw");
        Assert.Contains("Backup started", await rig.VirshOkAsync("backup-begin", rig.Name, await XmlFileAsync(rig, Push(("vda", toQcow2, "qcow2"), ("vdb", toRaw, "raw")))));
        var completed = (JobCompletedEvent)await events.WaitForAsync(e => e is JobCompletedEvent, TimeSpan.FromSeconds(60), "JOB_COMPLETED of the backup");
        Assert.Equal([("operation", "9"), ("time_elapsed", "*"), ("disk_total", $"{2 * 64 << 20}"), ("disk_processed", $"{2 * 64 << 20}"), ("disk_remaining", "0"), ("success", "yes")],
            completed.Params.Select(p => (p.Field, p.Field == "time_elapsed" ? "*" : p.ToString())).ToList());
        await events.WaitForAsync(e => e is BlockJobEvent { Disk: "vdb", JobType: (int)BlockJobType.Backup, Status: (int)BlockJobStatus.Completed }, TimeSpan.FromSeconds(10), "BLOCK_JOB_2 of vdb");
        Assert.Contains(events.All.OfType<BlockJobPathEvent>(), e => e is { JobType: (int)BlockJobType.Backup, Status: (int)BlockJobStatus.Completed } && e.Path == rig.Disk1);
        // As from libvirtd: a disk whose job ends first gets its BLOCK_JOB then; the last one's follows JOB_COMPLETED.
        Assert.True(events.All.FindIndex(e => e is JobCompletedEvent) < events.All.FindLastIndex(e => e is BlockJobEvent), "JOB_COMPLETED goes out before the last BLOCK_JOB");

        var info = await rig.VirshOkAsync("domjobinfo", rig.Name, "--completed");
        Assert.Matches(@"^Job type:\s+Completed\s*\nOperation:\s+Backup\s*\nTime elapsed:\s+\d+\s+ms\nFile processed:\s+128\.000 MiB\nFile remaining:\s+0\.000 B\nFile total:\s+128\.000 MiB\n", info);
        Assert.Contains("Job type:         None", await rig.VirshOkAsync("domjobinfo", rig.Name, "--completed")); // read once, as libvirtd forgets it
        Assert.Contains("Job type:         None", await rig.VirshOkAsync("domjobinfo", rig.Name));

        // The copies hold the guest's data; the guest's own disks, block graph and console are as before.
        Assert.Equal("B0-vda", await Tools.ReadSectorAsync(toQcow2, S0));
        Assert.Equal("B0-vdb", await Tools.ReadSectorAsync(toRaw, S0));
        Assert.Contains("\"format\": \"raw\"", await Tools.OkAsync("qemu-img", "info", "-U", "--output=json", toRaw));
        Assert.Contains("Images are identical", await Tools.OkAsync("qemu-img", "compare", "-U", rig.Disk1, toQcow2));
        Assert.Equal(nodes, await rig.BlockNodesAsync());
        await console.WriteAsync("vda", S1, "B1-vda");
        Assert.Equal("B1-vda", await console.ReadAsync("vda", S1));
        Assert.Equal("", await Tools.ReadSectorAsync(toQcow2, S1));
        Assert.Equal("running", (await rig.VirshOkAsync("domstate", rig.Name)).Trim());

        // Without XML: every disk to "<image>.<start time>" in qcow2, as libvirt names them.
        var before = rig.ImageFiles();
        var seen = events.All.Count;
        Assert.Contains("Backup started", await rig.VirshOkAsync("backup-begin", rig.Name));
        await events.WaitForAsync(e => e is JobCompletedEvent, TimeSpan.FromSeconds(60), "JOB_COMPLETED of the default backup", from: seen);
        var made = rig.ImageFiles().Except(before).ToList();
        Assert.Equal(2, made.Count);
        Assert.Matches(@"^d1\.qcow2\.\d{10}$", made[0]);
        Assert.Matches(@"^d2\.qcow2\.\d{10}$", made[1]);
        Assert.Equal("B1-vda", await Tools.ReadSectorAsync(Path.Combine(rig.ImageDir, made[0]), S1));
        Assert.Equal(nodes, await rig.BlockNodesAsync());
        await Tools.CheckAllAsync([rig.Disk1, rig.Disk2, toQcow2, Path.Combine(rig.ImageDir, made[0])]);
    }

    [Fact]
    public async Task A_running_backup_shows_in_domjobinfo_and_backup_dumpxml_and_domjobabort_removes_its_files()
    {
        await using var rig = await SnapshotRig.StartAsync();
        // A third disk full of data, so that the backup's job is still there when it is paused below.
        var big = Path.Combine(rig.ImageDir, "big.raw");
        await using (var f = File.Create(big))
        {
            var chunk = new byte[1 << 20];
            for (int i = 0; i < 256; i++)
            {
                Random.Shared.NextBytes(chunk);
                await f.WriteAsync(chunk, TestContext.Current.CancellationToken);
            }
        }
        await rig.DefineAsync("backup-abort", x => x.Replace("<serial type='pty'>",
            $"<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{big}'/><target dev='vdc' bus='virtio'/></disk>\n    <serial type='pty'>", StringComparison.Ordinal));
        using var events = new EventLog(rig.Events, rig.Name);
        await using var console = await rig.StartGuestAsync();
        var nodes = await rig.BlockNodesAsync();
        var files = rig.ImageFiles();

        // python-libvirt starts it; vdc's job is paused at once through QMP so the checks below see it running.
        var target = Path.Combine(rig.ImageDir, "vdc.backup.qcow2");
        var xml = $"<domainbackup><disks><disk name='vda' backup='no'/><disk name='vdb' backup='no'/><disk name='vdc' type='file'><target file='{target}'/></disk></disks></domainbackup>";
        Assert.Equal("0\n", await rig.Served.PythonAsync(rig.Name, $"print(d.backupBegin(\"{xml}\", None))"));
        await rig.Served.QmpAsync(rig.Name, new QmpCommand("block-job-pause", new System.Text.Json.Nodes.JsonObject { ["device"] = "vireo-job-vdc" }));

        Assert.Equal($"""
            <domainbackup mode='push'>
              <disks>
                <disk name='vda' backup='no'/>
                <disk name='vdb' backup='no'/>
                <disk name='vdc' backup='yes' type='file' backupmode='full'>
                  <driver type='qcow2'/>
                  <target file='{target}'/>
                </disk>
              </disks>
            </domainbackup>


            """, await rig.VirshOkAsync("backup-dumpxml", rig.Name));
        const string Running = @"^Job type:\s+Unbounded\s*\nOperation:\s+Backup\s*\nTime elapsed:\s+\d+\s+ms\nFile processed:\s+[\d.]+ \S+\nFile remaining:\s+[\d.]+ \S+\nFile total:\s+256\.000 MiB\n";
        Assert.Matches(Running, await rig.VirshOkAsync("domjobinfo", rig.Name));
        Assert.Matches(Running, await rig.Served.VireoOkAsync("domjobinfo", rig.Name));
        Assert.Contains("error: Requested operation is not valid: another backup job is already running", await rig.VirshFailsAsync("backup-begin", rig.Name));
        Assert.Contains("error: Operation not supported: disk 'vdc' already in active block job",
            await rig.VirshFailsAsync("blockcopy", rig.Name, "vdc", Path.Combine(rig.ImageDir, "copy.raw"), "--transient-job"));
        Assert.Contains(target, rig.ImageFiles().Select(f => Path.Combine(rig.ImageDir, f)));

        // The abort returns at once; the job then ends cancelled, its file and node go.
        await rig.VirshOkAsync("domjobabort", rig.Name);
        var completed = (JobCompletedEvent)await events.WaitForAsync(e => e is JobCompletedEvent, TimeSpan.FromSeconds(60), "JOB_COMPLETED of the aborted backup");
        Assert.Equal(["operation", "time_elapsed", "disk_total", "disk_processed", "disk_remaining", "success", "errmsg"], completed.Params.Select(p => p.Field).ToList());
        Assert.Contains(completed.Params, p => p.Field == "errmsg" && p.Text == "Operation canceled");
        await events.WaitForAsync(e => e is BlockJobEvent { Disk: "vdc", JobType: (int)BlockJobType.Backup, Status: (int)BlockJobStatus.Canceled }, TimeSpan.FromSeconds(10), "BLOCK_JOB_2 canceled");
        var stats = await rig.Served.PythonAsync(rig.Name, """
            s = d.jobStats(libvirt.VIR_DOMAIN_JOB_STATS_COMPLETED | libvirt.VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED)
            print(s['type'], s['operation'], s['success'], s['errmsg'], s['disk_total'])
            print(d.jobStats(libvirt.VIR_DOMAIN_JOB_STATS_COMPLETED)['type'], d.jobStats(libvirt.VIR_DOMAIN_JOB_STATS_COMPLETED)['type'])
            try:
                d.backupGetXMLDesc()
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_domain(), e)
            """);
        Assert.Equal($"5 9 False Operation canceled {256 << 20}\n5 0\n104 10 Domain backup job id not found: no domain backup job present\n", stats);
        Assert.Equal(files, rig.ImageFiles());
        Assert.Equal(nodes, await rig.BlockNodesAsync());
        Assert.Equal("running", (await rig.VirshOkAsync("domstate", rig.Name)).Trim());
    }

    private static string Push(params (string Disk, string File, string Format)[] disks) =>
        "<domainbackup mode='push'><disks>" +
        string.Concat(disks.Select(d => $"<disk name='{d.Disk}' type='file'><driver type='{d.Format}'/><target file='{d.File}'/></disk>")) +
        "</disks></domainbackup>";

    internal static async Task<string> XmlFileAsync(SnapshotRig rig, string xml)
    {
        var path = Path.Combine(rig.Root.Path, $"backup-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(path, xml, TestContext.Current.CancellationToken);
        return path;
    }
}
