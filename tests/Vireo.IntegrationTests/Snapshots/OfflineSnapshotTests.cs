using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Snapshots;

/// <summary>Snapshots of a shut-off domain: overlays written on disk, the configuration switched, merged back with qemu-img.</summary>
public sealed class OfflineSnapshotTests
{
    [Fact]
    public async Task A_shut_off_domain_gets_overlays_its_next_boot_writes_to_and_delete_merges_them_offline()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("offline");
        var (o1, o2) = (Path.Combine(rig.ImageDir, "d1.s1"), Path.Combine(rig.ImageDir, "d2.s1"));

        Assert.Contains("Domain snapshot s1 created", await rig.VirshOkAsync("snapshot-create-as", rig.Name, "s1", "--disk-only"));
        Assert.Equal(rig.Disk1, await Tools.BackingOfAsync(o1));
        Assert.Equal(rig.Disk2, await Tools.BackingOfAsync(o2));
        var config = await rig.VirshOkAsync("dumpxml", rig.Name, "--inactive");
        Assert.Contains($"<source file='{o1}'/>\n      <backingStore type='file'>\n        <format type='qcow2'/>\n        <source file='{rig.Disk1}'/>", config);
        Assert.Contains("State:          shutoff", await rig.VirshOkAsync("snapshot-info", rig.Name, "s1")); // the domain's state, as libvirt records it
        await Tools.CheckAllAsync([o1, o2]);

        // The next boot runs on the overlays: what the guest writes lands there, not in the images.
        await using (var console = await rig.StartGuestAsync())
        {
            await console.WriteAsync("vda", GuestDisks.After, "OFFLINE-vda");
            await console.WriteAsync("vdb", GuestDisks.After, "OFFLINE-vdb");
        }
        await rig.VirshOkAsync("destroy", rig.Name);
        Assert.Equal("OFFLINE-vda", await Tools.ReadSectorAsync(o1, GuestDisks.After));
        Assert.Equal("", await Tools.ReadSectorAsync(rig.Disk1, GuestDisks.After));

        // Deleting while shut off: qemu-img commit into the images, the configuration back on them.
        Assert.Contains("Domain snapshot s1 deleted", await rig.VirshOkAsync("snapshot-delete", rig.Name, "s1"));
        Assert.Equal(["d1.qcow2", "d2.qcow2"], rig.ImageFiles());
        Assert.Equal("OFFLINE-vda", await Tools.ReadSectorAsync(rig.Disk1, GuestDisks.After));
        Assert.Equal("OFFLINE-vdb", await Tools.ReadSectorAsync(rig.Disk2, GuestDisks.After));
        Assert.Contains($"vda      {rig.Disk1}", await rig.VirshOkAsync("domblklist", rig.Name, "--inactive"));
        await Tools.CheckAllAsync([rig.Disk1, rig.Disk2]);
        await using (var console = await rig.StartGuestAsync())
            Assert.Equal("OFFLINE-vdb", await console.ReadAsync("vdb", GuestDisks.After));
        await rig.VirshOkAsync("destroy", rig.Name);

        // libvirt's rule: an inactive domain with snapshots is only undefined together with their metadata.
        await rig.VirshOkAsync("snapshot-create-as", rig.Name, "s2", "--disk-only");
        Assert.Contains("error: Requested operation is not valid: cannot delete inactive domain with 1 snapshots",
            await rig.VirshFailsAsync("undefine", rig.Name));
        Assert.Contains(rig.Name, await rig.VirshOkAsync("list", "--all", "--with-snapshot", "--name"));
        Assert.DoesNotContain(rig.Name, await rig.VirshOkAsync("list", "--all", "--without-snapshot", "--name"));
        Assert.Contains($"Domain '{rig.Name}' has been undefined", await rig.VirshOkAsync("undefine", rig.Name, "--snapshots-metadata"));
        Assert.False(Directory.Exists(Path.Combine(rig.Root.Path, "qemu", "snapshot", rig.Name)));
        Assert.Equal(["d1.qcow2", "d1.s2", "d2.qcow2", "d2.s2"], rig.ImageFiles()); // the images are the user's: they stay
    }
}
