using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Snapshots;

/// <summary>
/// Deleting the snapshots of a branch a revert left behind, parent first: the parent's overlay has to stay
/// while the child's overlay reads it, and goes with the child's delete once nothing uses it. Real images,
/// real qemu-img, stock virsh; the domain stays shut off (the merges are qemu-img's).
/// </summary>
public sealed class KeptOverlayTests
{
    private const long Sector = GuestDisks.After;

    /// <summary>Fills the sector of an image with one byte value (qemu-io; the image must not be in use).</summary>
    private static Task FillAsync(string image, char value) =>
        Tools.OkAsync("qemu-io", "-f", "qcow2", "-c", $"write -P 0x{(int)value:x2} {Sector * 512} 512", image);

    private static string Filled(char value) => new(value, 512);

    /// <summary>s1 froze d1.qcow2 (A) under d1.s1 (B); s2 froze d1.s1 under d1.s2 (C); then a revert to s1 and the delete of s1.</summary>
    private static async Task<SnapshotRig> BranchLeftBehindAsync(string prefix)
    {
        var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync(prefix);
        await FillAsync(rig.Disk1, 'A');
        await rig.VirshOkAsync("snapshot-create-as", rig.Name, "s1", "--disk-only");
        await FillAsync(Path.Combine(rig.ImageDir, "d1.s1"), 'B');
        await rig.VirshOkAsync("snapshot-create-as", rig.Name, "s2", "--disk-only");
        await FillAsync(Path.Combine(rig.ImageDir, "d1.s2"), 'C');
        await rig.VirshOkAsync("snapshot-revert", rig.Name, "s1");

        // d1.qcow2 now feeds two branches (d1.s1 and the revert's overlay), and s2 still needs d1.s1: both stay.
        await rig.VirshOkAsync("snapshot-delete", rig.Name, "s1");
        Assert.Equal(["d1.qcow2", "d1.s1", "d1.s1-revert1", "d1.s2", "d2.qcow2", "d2.s1", "d2.s1-revert1", "d2.s2"], rig.ImageFiles());
        Assert.Equal(Filled('C'), await Tools.ReadSectorAsync(Path.Combine(rig.ImageDir, "d1.s2"), Sector));
        return rig;
    }

    [Fact]
    public async Task Deleting_the_child_after_the_parent_removes_the_overlay_the_parent_had_to_keep()
    {
        await using var rig = await BranchLeftBehindAsync("kept");

        Assert.Contains("Domain snapshot s2 deleted", await rig.VirshOkAsync("snapshot-delete", rig.Name, "s2"));

        Assert.Equal(["d1.qcow2", "d1.s1-revert1", "d2.qcow2", "d2.s1-revert1"], rig.ImageFiles());
        Assert.Equal("", (await rig.VirshOkAsync("snapshot-list", rig.Name, "--name")).Trim());
        Assert.False(File.Exists(Path.Combine(rig.Root.Path, "qemu", "snapshot", rig.Name, ".kept")));
        // The domain still runs on the revert's overlay over the untouched image.
        Assert.Contains($"vda      {Path.Combine(rig.ImageDir, "d1.s1-revert1")}", await rig.VirshOkAsync("domblklist", rig.Name, "--inactive"));
        Assert.Equal(Filled('A'), await Tools.ReadSectorAsync(Path.Combine(rig.ImageDir, "d1.s1-revert1"), Sector));
        await Tools.CheckAllAsync(rig.ImageFiles().Select(f => Path.Combine(rig.ImageDir, f)));
    }

    [Fact]
    public async Task A_kept_overlay_the_domain_runs_on_again_is_never_removed()
    {
        await using var rig = await BranchLeftBehindAsync("kept-used");

        // Reverting to s2 puts the disks on d1.s2-revert1 over d1.s1: deleting s2 must leave d1.s1 alone.
        await rig.VirshOkAsync("snapshot-revert", rig.Name, "s2");
        await rig.VirshOkAsync("snapshot-delete", rig.Name, "s2");

        Assert.Equal(["d1.qcow2", "d1.s1", "d1.s2-revert1", "d2.qcow2", "d2.s1", "d2.s2-revert1"], rig.ImageFiles());
        var top = Path.Combine(rig.ImageDir, "d1.s2-revert1");
        Assert.Equal(Path.Combine(rig.ImageDir, "d1.s1"), await Tools.BackingOfAsync(top));
        Assert.Equal(Filled('B'), await Tools.ReadSectorAsync(top, Sector));
        await Tools.CheckAllAsync(rig.ImageFiles().Select(f => Path.Combine(rig.ImageDir, f)));
    }

    [Fact]
    public async Task A_kept_overlay_that_cannot_be_removed_does_not_fail_the_delete_and_goes_later()
    {
        MachineSetUp.Require(File.Exists("/usr/bin/chattr"), "chattr (e2fsprogs)");
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("kept-stuck");
        // s1's overlay of vda goes into a directory of its own, which is made immutable below: nothing in it can be removed.
        var stuckDir = Path.Combine(rig.Root.Path, "stuck");
        Directory.CreateDirectory(stuckDir);
        var stuck = Path.Combine(stuckDir, "d1.s1");
        await rig.VirshOkAsync("snapshot-create-as", rig.Name, "s1", "--disk-only", "--diskspec", $"vda,file={stuck}");
        await rig.VirshOkAsync("snapshot-create-as", rig.Name, "s2", "--disk-only", "--diskspec", $"vda,file={Path.Combine(rig.ImageDir, "d1.s2")}");
        await rig.VirshOkAsync("snapshot-revert", rig.Name, "s1");
        await rig.VirshOkAsync("snapshot-delete", rig.Name, "s1");
        var keptList = Path.Combine(rig.Root.Path, "qemu", "snapshot", rig.Name, ".kept");
        Assert.Contains(stuck, File.ReadAllLines(keptList));

        await Tools.OkAsync("chattr", "+i", stuckDir);
        try
        {
            Assert.Contains("Domain snapshot s2 deleted", await rig.VirshOkAsync("snapshot-delete", rig.Name, "s2"));
            Assert.True(File.Exists(stuck));
            Assert.Equal([stuck], File.ReadAllLines(keptList)); // still tracked: the next delete tries again
            Assert.Contains($"{stuck} is no longer used by any snapshot, but it cannot be removed", rig.Served.Logs.All);
        }
        finally
        {
            await Tools.OkAsync("chattr", "-i", stuckDir);
        }

        await rig.VirshOkAsync("snapshot-create-as", rig.Name, "s3", "--disk-only");
        await rig.VirshOkAsync("snapshot-delete", rig.Name, "s3");
        Assert.False(File.Exists(stuck));
        Assert.False(File.Exists(keptList));
        await Tools.CheckAllAsync(rig.ImageFiles().Select(f => Path.Combine(rig.ImageDir, f)));
    }
}
