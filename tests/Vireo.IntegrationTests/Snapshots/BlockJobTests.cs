using Vireo.Drivers.Contracts;
using Vireo.Drivers.Events;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Snapshots;

/// <summary>
/// virsh blockcommit (intermediate, active with abort and pivot), blockpull, blockjob, domblkinfo and
/// domblklist on the real guest, with the data the guest wrote checked in the images after each job.
/// </summary>
public sealed class BlockJobTests
{
    private const long S0 = 2048, S1 = 4096, S2 = 6144, S3 = 8192;

    [Fact]
    public async Task Commit_pull_abort_and_pivot_move_the_guests_data_where_libvirt_says()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("blockjob");
        using var events = new EventLog(rig.Events, rig.Name);
        await using var console = await rig.StartGuestAsync();
        string D1(string name) => Path.Combine(rig.ImageDir, name);

        // Build chains base <- n1 <- n2 on both disks, without snapshot metadata.
        await console.WriteAsync("vda", S0, "M0-vda");
        await console.WriteAsync("vdb", S0, "M0-vdb");
        await rig.VirshOkAsync("snapshot-create-as", rig.Name, "n1", "--disk-only", "--atomic", "--no-metadata");
        await console.WriteAsync("vda", S1, "M1-vda");
        await rig.VirshOkAsync("snapshot-create-as", rig.Name, "n2", "--disk-only", "--atomic", "--no-metadata");
        await console.WriteAsync("vda", S2, "M2-vda");
        Assert.Equal("\n", await rig.VirshOkAsync("snapshot-list", rig.Name, "--name"));

        // Intermediate commit: n1 into the base; n2 now sits on the base.
        Assert.Contains("Commit complete", await rig.VirshOkAsync("blockcommit", rig.Name, "vda", "--top", D1("d1.n1"), "--base", rig.Disk1, "--wait", "--verbose"));
        Assert.Equal(rig.Disk1, await Tools.BackingOfAsync(D1("d1.n2")));
        Assert.True(await Tools.HoldsOwnDataAsync(rig.Disk1, S1 * 512), "the base holds what n1 held");
        var xml = await rig.VirshOkAsync("dumpxml", rig.Name);
        Assert.Contains($"<source file='{D1("d1.n2")}'/>\n      <backingStore type='file'>\n        <format type='qcow2'/>\n        <source file='{rig.Disk1}'/>\n        <backingStore/>", xml);
        Assert.Contains(events.All.OfType<BlockJobEvent>(), e => e is { Disk: "vda", JobType: (int)BlockJobType.Commit, Status: (int)BlockJobStatus.Completed });

        // Active commit: synchronised, then aborted (nothing changes), then again with pivot.
        Assert.Contains("Now in synchronized phase", await rig.VirshOkAsync("blockcommit", rig.Name, "vda", "--active", "--wait"));
        var progress = await rig.VirshAsync("blockjob", rig.Name, "vda", "--info");
        Assert.True(progress.ExitCode == 0, progress.ToString());
        Assert.Matches(@"Active Block Commit: \[100 %\]", progress.Stderr); // virsh draws progress on stderr
        await console.WriteAsync("vda", S3, "M3-vda");
        await rig.VirshOkAsync("blockjob", rig.Name, "vda", "--abort");
        Assert.Contains("No current block job for vda", await rig.VirshOkAsync("blockjob", rig.Name, "vda", "--info"));
        Assert.Contains($"vda      {D1("d1.n2")}", await rig.VirshOkAsync("domblklist", rig.Name));
        Assert.Contains(events.All.OfType<BlockJobEvent>(), e => e is { Disk: "vda", JobType: (int)BlockJobType.ActiveCommit, Status: (int)BlockJobStatus.Canceled });
        Assert.Contains("Successfully pivoted", await rig.VirshOkAsync("blockcommit", rig.Name, "vda", "--active", "--pivot"));
        Assert.Contains($"vda      {rig.Disk1}", await rig.VirshOkAsync("domblklist", rig.Name));
        Assert.Contains($"vda      {rig.Disk1}", await rig.VirshOkAsync("domblklist", rig.Name, "--inactive"));
        foreach (var (sector, text) in new[] { (S0, "M0-vda"), (S1, "M1-vda"), (S2, "M2-vda"), (S3, "M3-vda") })
            Assert.Equal(text, await Tools.ReadSectorAsync(rig.Disk1, sector));
        Assert.Contains(events.All.OfType<BlockJobEvent>(), e => e is { Disk: "vda", JobType: (int)BlockJobType.ActiveCommit, Status: (int)BlockJobStatus.Ready });
        Assert.Contains(events.All.OfType<BlockJobPathEvent>(), e => e is { JobType: (int)BlockJobType.ActiveCommit, Status: (int)BlockJobStatus.Completed } && e.Path == D1("d1.n2"));
        Assert.Equal("M3-vda", await console.ReadAsync("vda", S3));

        // Pull: vdb's active overlay copies its whole chain and stands alone.
        Assert.Contains("Pull complete", await rig.VirshOkAsync("blockpull", rig.Name, "vdb", "--wait"));
        Assert.Null(await Tools.BackingOfAsync(D1("d2.n2")));
        // QEMU keeps qcow2 metadata in memory until the guest flushes: the guest's fsync'ed write flushes it.
        await console.WriteAsync("vdb", S1, "AFTER-PULL");
        Assert.True(await Tools.HoldsOwnDataAsync(D1("d2.n2"), S0 * 512), "the pulled overlay holds the base's data itself");
        Assert.Matches($@"file\s+disk\s+vdb\s+{System.Text.RegularExpressions.Regex.Escape(D1("d2.n2"))}\n", await rig.VirshOkAsync("domblklist", rig.Name, "--details"));
        Assert.Equal("M0-vdb", await console.ReadAsync("vdb", S0));
        Assert.Equal("AFTER-PULL", await Tools.ReadSectorAsync(D1("d2.n2"), S1));

        var info = await rig.VirshOkAsync("domblkinfo", rig.Name, "vda");
        Assert.Contains("Capacity:       67108864\n", info);
        Assert.Matches(@"Allocation:     [1-9]\d*\n", info);
        Assert.Contains($"Physical:       {new FileInfo(rig.Disk1).Length}\n", info);
        Assert.Contains("error: invalid argument: could not find base image", await rig.VirshFailsAsync("blockcommit", rig.Name, "vda", "--base", "/nowhere"));
        Assert.Contains("error: invalid argument: could not find base image in chain for 'vda'", await rig.VirshFailsAsync("blockcommit", rig.Name, "vda", "--active"));
        await Tools.CheckAllAsync([rig.Disk1, D1("d2.n2"), D1("d1.n1"), D1("d1.n2")]);
    }
}
