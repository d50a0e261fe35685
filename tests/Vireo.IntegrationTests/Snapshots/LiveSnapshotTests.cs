using System.Collections.Concurrent;
using Vireo.Core.State;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Snapshots;

/// <summary>
/// The whole life of live external snapshots on the real demo guest with two qcow2 disks, driven by
/// stock virsh against the engine's RPC server: the guest writes markers, the host reads the images.
/// </summary>
public sealed class LiveSnapshotTests
{
    [Fact]
    public async Task Snapshot_splits_both_disks_at_one_instant_without_pausing_and_delete_merges_back()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("snap");
        await using var console = await rig.StartGuestAsync();
        var qmpEvents = new ConcurrentQueue<string>();
        rig.Guest.QmpEventReceived += e => qmpEvents.Enqueue(e.Name);
        using var events = new EventLog(rig.Events, rig.Name);

        await console.WriteAsync("vda", GuestDisks.Before, "BEFORE-vda");
        await console.WriteAsync("vdb", GuestDisks.Before, "BEFORE-vdb");
        Assert.Contains("Domain snapshot s1 created", await rig.VirshOkAsync("snapshot-create-as", rig.Name, "s1", "--disk-only", "--atomic"));
        await console.WriteAsync("vda", GuestDisks.After, "AFTER1-vda");
        await console.WriteAsync("vdb", GuestDisks.After, "AFTER1-vdb");

        // Overlays named as libvirt names them, next to the images; the guest runs on them.
        var (o1, o2) = (Path.Combine(rig.ImageDir, "d1.s1"), Path.Combine(rig.ImageDir, "d2.s1"));
        var blklist = await rig.VirshOkAsync("domblklist", rig.Name);
        Assert.Contains($"vda      {o1}", blklist);
        Assert.Contains($"vdb      {o2}", blklist);
        Assert.Equal(rig.Disk1, await Tools.BackingOfAsync(o1));
        Assert.Equal(rig.Disk2, await Tools.BackingOfAsync(o2));
        foreach (var (image, overlay, dev) in new[] { (rig.Disk1, o1, "vda"), (rig.Disk2, o2, "vdb") })
        {
            // Before the snapshot: in the base. After: only in the overlay.
            Assert.Equal($"BEFORE-{dev}", await Tools.ReadSectorAsync(image, GuestDisks.Before));
            Assert.Equal("", await Tools.ReadSectorAsync(image, GuestDisks.After));
            Assert.Equal($"AFTER1-{dev}", await Tools.ReadSectorAsync(overlay, GuestDisks.After));
            Assert.Equal($"BEFORE-{dev}", await Tools.ReadSectorAsync(overlay, GuestDisks.Before));
            Assert.True(await Tools.HoldsOwnDataAsync(overlay, GuestDisks.After * 512), $"{overlay} should hold the data written after the snapshot");
            Assert.False(await Tools.HoldsOwnDataAsync(overlay, GuestDisks.Before * 512), $"{overlay} should read the older data from its base");
        }
        await Tools.CheckAllAsync([rig.Disk1, rig.Disk2, o1, o2]);
        var xml = await rig.VirshOkAsync("dumpxml", rig.Name);
        Assert.Contains($"<source file='{o1}'/>\n      <backingStore type='file'>\n        <format type='qcow2'/>\n        <source file='{rig.Disk1}'/>\n        <backingStore/>", xml);

        Assert.Contains("Domain snapshot s2 created", await rig.VirshOkAsync("snapshot-create-as", rig.Name, "--name", "s2", "--description", "second", "--disk-only", "--atomic"));
        await console.WriteAsync("vda", GuestDisks.Later, "AFTER2-vda");
        await console.WriteAsync("vdb", GuestDisks.Later, "AFTER2-vdb");

        // The guest never stopped: no STOP from QEMU, no SUSPENDED event, still running.
        Assert.DoesNotContain("STOP", qmpEvents);
        Assert.DoesNotContain(events.Lifecycle, e => e.Type == LifecycleEventType.Suspended);
        Assert.Equal(DomainState.Running, rig.State.State);

        // Metadata through every read virsh has.
        var list = await rig.VirshOkAsync("snapshot-list", rig.Name);
        Assert.Matches(@"s1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000\s+disk-snapshot", list);
        Assert.Matches(@"s2\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000\s+disk-snapshot", list);
        Assert.Matches(@"s2\s+\S+ \S+ \+0000\s+disk-snapshot\s+s1", await rig.VirshOkAsync("snapshot-list", rig.Name, "--parent"));
        Assert.Equal("s1\n  |\n  +- s2\n    \n\n", await rig.VirshOkAsync("snapshot-list", rig.Name, "--tree"));
        Assert.Equal("s1\n\n", await rig.VirshOkAsync("snapshot-list", rig.Name, "--roots", "--name"));
        Assert.Equal("s2\n\n", await rig.VirshOkAsync("snapshot-list", rig.Name, "--leaves", "--name"));
        Assert.Equal("s2\n\n", await rig.VirshOkAsync("snapshot-list", rig.Name, "--from", "s1", "--name"));
        Assert.Equal("s1\ns2\n\n", await rig.VirshOkAsync("snapshot-list", rig.Name, "--disk-only", "--external", "--name"));
        Assert.Equal("\n", await rig.VirshOkAsync("snapshot-list", rig.Name, "--internal", "--name"));
        Assert.Equal("s2", (await rig.VirshOkAsync("snapshot-current", rig.Name, "--name")).Trim());
        Assert.Equal("s1", (await rig.VirshOkAsync("snapshot-parent", rig.Name, "s2")).Trim());
        Assert.Contains("error: snapshot 's1' has no parent", await rig.VirshFailsAsync("snapshot-parent", rig.Name, "s1"));
        var info = await rig.VirshOkAsync("snapshot-info", rig.Name, "--current");
        foreach (var line in new[] { "Name:           s2", $"Domain:         {rig.Name}", "Current:        yes", "State:          disk-snapshot",
                     "Location:       external", "Parent:         s1", "Children:       0", "Descendants:    0", "Metadata:       yes" })
            Assert.Contains(line + "\n", info);
        Assert.Contains("Descendants:    1\n", await rig.VirshOkAsync("snapshot-info", rig.Name, "s1"));
        var dump = await rig.VirshOkAsync("snapshot-dumpxml", rig.Name, "s2");
        Assert.Contains("<name>s2</name>\n  <description>second</description>\n  <state>disk-snapshot</state>\n  <parent>\n    <name>s1</name>\n  </parent>", dump);
        Assert.Contains($"<disk name='vda' snapshot='external' type='file'>\n      <driver type='qcow2'/>\n      <source file='{Path.Combine(rig.ImageDir, "d1.s2")}'/>", dump);
        Assert.Contains($"<source file='{o1}'/>", dump); // the <domain> the snapshot froze ran on s1's overlays
        Assert.True(File.Exists(Path.Combine(rig.Root.Path, "qemu", "snapshot", rig.Name, "s2.xml")));

        // Delete s2: its overlays are the active layers: active commit + pivot into s1's overlays.
        Assert.Contains("Domain snapshot s2 deleted", await rig.VirshOkAsync("snapshot-delete", rig.Name, "s2"));
        Assert.False(File.Exists(Path.Combine(rig.ImageDir, "d1.s2")));
        Assert.False(File.Exists(Path.Combine(rig.ImageDir, "d2.s2")));
        Assert.Contains($"vda      {o1}", await rig.VirshOkAsync("domblklist", rig.Name));
        Assert.Equal("AFTER2-vda", await Tools.ReadSectorAsync(o1, GuestDisks.Later));
        Assert.True(await Tools.HoldsOwnDataAsync(o1, GuestDisks.Later * 512));
        Assert.Equal("s1", (await rig.VirshOkAsync("snapshot-current", rig.Name, "--name")).Trim());

        // Delete s1: its overlays go into the original images, which then hold everything.
        Assert.Contains("Domain snapshot s1 deleted", await rig.VirshOkAsync("snapshot-delete", rig.Name, "--current"));
        foreach (var (image, dev) in new[] { (rig.Disk1, "vda"), (rig.Disk2, "vdb") })
        {
            Assert.Equal($"BEFORE-{dev}", await Tools.ReadSectorAsync(image, GuestDisks.Before));
            Assert.Equal($"AFTER1-{dev}", await Tools.ReadSectorAsync(image, GuestDisks.After));
            Assert.Equal($"AFTER2-{dev}", await Tools.ReadSectorAsync(image, GuestDisks.Later));
        }
        Assert.Equal(["d1.qcow2", "d2.qcow2"], rig.ImageFiles());
        Assert.Contains($"vda      {rig.Disk1}", await rig.VirshOkAsync("domblklist", rig.Name));
        Assert.Equal("\n", await rig.VirshOkAsync("snapshot-list", rig.Name, "--name"));
        Assert.Equal(["libvirt-1-format", "libvirt-1-storage", "libvirt-2-format", "libvirt-2-storage"], await rig.BlockNodesAsync());
        Assert.Contains("error: domain '" + rig.Name + "' has no current snapshot", await rig.VirshFailsAsync("snapshot-current", rig.Name));

        // The guest ran through all of it and still reads and writes its disks.
        Assert.Equal(DomainState.Running, rig.State.State);
        Assert.DoesNotContain("STOP", qmpEvents);
        Assert.Equal("AFTER2-vdb", await console.ReadAsync("vdb", GuestDisks.Later));
        await console.WriteAsync("vda", GuestDisks.Later + 8, "STILL-WRITING");
        Assert.Equal("STILL-WRITING", await Tools.ReadSectorAsync(rig.Disk1, GuestDisks.Later + 8));
        await Tools.CheckAllAsync([rig.Disk1, rig.Disk2]);
    }
}
