using Vireo.Core.State;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Snapshots;

/// <summary>
/// snapshot-revert on the real guest: shut off, running (--running) and to a later snapshot (--paused);
/// the guest itself reads back the data of the snapshot it was reverted to, and every snapshot stays
/// revertible. Then deleting snapshots that a revert branched from removes only the dead branches.
/// </summary>
public sealed class RevertTests
{
    private const long Sector = GuestDisks.After;

    private static async Task ExpectAsync(ConsoleReader console, string text)
    {
        Assert.Equal($"{text}-vda", await console.ReadAsync("vda", Sector));
        Assert.Equal($"{text}-vdb", await console.ReadAsync("vdb", Sector));
    }

    private static async Task WriteBothAsync(ConsoleReader console, string text)
    {
        await console.WriteAsync("vda", Sector, $"{text}-vda");
        await console.WriteAsync("vdb", Sector, $"{text}-vdb");
    }

    [Fact]
    public async Task Revert_shut_off_running_and_paused_shows_the_guest_each_snapshots_data()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("revert");
        using var events = new EventLog(rig.Events, rig.Name);
        var console = await rig.StartGuestAsync();
        await WriteBothAsync(console, "GEN-A");
        await rig.VirshOkAsync("snapshot-create-as", rig.Name, "s1", "--disk-only", "--atomic");
        await WriteBothAsync(console, "GEN-B");
        await console.DisposeAsync();

        // Shut off: the disks go to new overlays on s1's images; the guest boots into GEN-A.
        await rig.VirshOkAsync("destroy", rig.Name);
        await rig.VirshOkAsync("snapshot-revert", rig.Name, "s1");
        Assert.Equal("shut off (from snapshot)", (await rig.VirshOkAsync("domstate", rig.Name, "--reason")).Trim());
        Assert.Contains((LifecycleEventType.Defined, (int)DefinedDetail.FromSnapshot), events.Lifecycle);
        var r1 = Path.Combine(rig.ImageDir, "d1.s1-revert1");
        Assert.Contains($"vda      {r1}", await rig.VirshOkAsync("domblklist", rig.Name, "--inactive"));
        Assert.Equal(rig.Disk1, await Tools.BackingOfAsync(r1));
        Assert.Equal("GEN-B-vda", await Tools.ReadSectorAsync(Path.Combine(rig.ImageDir, "d1.s1"), Sector)); // s1's overlay is kept as it was
        await rig.VirshOkAsync("start", rig.Name);
        console = await rig.ConsoleReadyAsync();
        await ExpectAsync(console, "GEN-A");

        // A second snapshot on the reverted branch, then revert a running guest to s1.
        await WriteBothAsync(console, "GEN-C");
        await rig.VirshOkAsync("snapshot-create-as", rig.Name, "s2", "--disk-only", "--atomic");
        await WriteBothAsync(console, "GEN-D");
        await console.DisposeAsync();
        var before = events.All.Count;
        await rig.VirshOkAsync("snapshot-revert", rig.Name, "s1", "--running");
        await events.WaitForLifecycleAsync(LifecycleEventType.Started, (int)StartedDetail.FromSnapshot, TimeSpan.FromSeconds(30));
        Assert.Contains((LifecycleEventType.Stopped, (int)StoppedDetail.FromSnapshot), events.Lifecycle.Skip(before));
        Assert.Equal("running (from snapshot)", (await rig.VirshOkAsync("domstate", rig.Name, "--reason")).Trim());
        console = await rig.ConsoleReadyAsync();
        await ExpectAsync(console, "GEN-A");
        await console.DisposeAsync();

        // s2 is still revertible: its branch was kept. --paused leaves the guest paused on it.
        await rig.VirshOkAsync("snapshot-revert", rig.Name, "s2", "--paused");
        Assert.Equal("paused (from snapshot)", (await rig.VirshOkAsync("domstate", rig.Name, "--reason")).Trim());
        Assert.Contains((LifecycleEventType.Suspended, (int)SuspendedDetail.FromSnapshot), events.Lifecycle);
        // s2 recorded the running guest's XML; its generated aliases are the new guest's, never the saved definition's.
        Assert.Contains("<alias name='virtio-disk0'/>", await rig.VirshOkAsync("dumpxml", rig.Name));
        Assert.DoesNotContain("<alias name=", await rig.VirshOkAsync("dumpxml", rig.Name, "--inactive"));
        await rig.VirshOkAsync("resume", rig.Name);
        console = await rig.ConsoleReadyAsync();
        await ExpectAsync(console, "GEN-C");
        Assert.Equal("s2", (await rig.VirshOkAsync("snapshot-current", rig.Name, "--name")).Trim());
        Assert.Equal("s1\n  |\n  +- s2\n    \n\n", await rig.VirshOkAsync("snapshot-list", rig.Name, "--tree"));
        // The overlay the revert to s1 made held only discarded data, and no snapshot used it: it is gone.
        Assert.False(File.Exists(Path.Combine(rig.ImageDir, "d1.s1-revert2")));

        // Deleting them now: their images feed the running branch, so only the dead branches' overlays go.
        await rig.VirshOkAsync("snapshot-delete", rig.Name, "s2");
        await rig.VirshOkAsync("snapshot-delete", rig.Name, "s1");
        Assert.Equal(["d1.qcow2", "d1.s1-revert1", "d1.s2-revert1", "d2.qcow2", "d2.s1-revert1", "d2.s2-revert1"], rig.ImageFiles());
        await ExpectAsync(console, "GEN-C");
        await WriteBothAsync(console, "GEN-E");
        await ExpectAsync(console, "GEN-E");
        await console.DisposeAsync();
        await Tools.CheckAllAsync(rig.ImageFiles().Select(f => Path.Combine(rig.ImageDir, f)));
    }
}
