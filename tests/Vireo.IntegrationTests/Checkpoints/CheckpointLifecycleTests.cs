using System.Text.Json.Nodes;
using Vireo.IntegrationTests.Snapshots;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Checkpoints;

/// <summary>
/// Checkpoints on the real demo guest with two qcow2 disks, driven by stock virsh and python-libvirt: each
/// is a persistent dirty bitmap per disk in QEMU (and then in the images), the metadata answers every
/// virsh read, deletion removes the bitmaps, and undefine guards the metadata as libvirtd does.
/// </summary>
public sealed class CheckpointLifecycleTests
{
    [Fact]
    public async Task Checkpoints_are_persistent_bitmaps_listed_and_deleted_as_libvirt_does()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("ckpt");
        Assert.Contains("error: Operation not supported: cannot create checkpoint for inactive domain",
            await rig.VirshFailsAsync("checkpoint-create-as", rig.Name, "c0"));
        await using var console = await rig.StartGuestAsync();

        Assert.Equal("Domain checkpoint c1 created\n", await rig.VirshOkAsync("checkpoint-create-as", rig.Name, "c1", "--description", "first"));
        await console.WriteAsync("vda", GuestDisks.Before, "AFTER-C1");
        Assert.Equal("Domain checkpoint c2 created\n", await rig.VirshOkAsync("checkpoint-create-as", rig.Name, "c2"));
        await console.WriteAsync("vdb", GuestDisks.After, "AFTER-C2");
        Assert.Equal("Domain checkpoint c3 created\n", await rig.VirshOkAsync("checkpoint-create-as", rig.Name, "c3", "--diskspec", "vdb,checkpoint=bitmap"));

        // In QEMU: persistent bitmaps named after the checkpoints on each disk's qcow2 node; c3 only on vdb.
        var bitmaps = await BitmapsAsync(rig);
        Assert.Equal(["c1", "c2"], bitmaps["vda"].Select(b => b.Name).Order());
        Assert.Equal(["c1", "c2", "c3"], bitmaps["vdb"].Select(b => b.Name).Order());
        Assert.All(bitmaps.Values.SelectMany(b => b), b => Assert.True(b.Persistent));
        // c1's bitmap on vda saw the write after it; c2's did not.
        Assert.NotEqual(0UL, bitmaps["vda"].Single(b => b.Name == "c1").Count);
        Assert.Equal(0UL, bitmaps["vda"].Single(b => b.Name == "c2").Count);

        Assert.Equal("c1\n  |\n  +- c2\n      |\n      +- c3\n        \n\n", await rig.VirshOkAsync("checkpoint-list", rig.Name, "--tree"));
        Assert.Matches(@"c3\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000\s+c2\n", await rig.VirshOkAsync("checkpoint-list", rig.Name, "--parent", "--topological"));
        Assert.Equal("c1\nc2\nc3\n\n", await rig.VirshOkAsync("checkpoint-list", rig.Name, "--name"));
        Assert.Equal("c1\n\n", await rig.VirshOkAsync("checkpoint-list", rig.Name, "--roots", "--name"));
        Assert.Equal("c3\n\n", await rig.VirshOkAsync("checkpoint-list", rig.Name, "--leaves", "--name"));
        Assert.Equal("c1\nc2\n\n", await rig.VirshOkAsync("checkpoint-list", rig.Name, "--no-leaves", "--name"));
        Assert.Equal("c2\n", await rig.VirshOkAsync("checkpoint-parent", rig.Name, "c3"));
        Assert.Contains("error: checkpoint 'c1' has no parent", await rig.VirshFailsAsync("checkpoint-parent", rig.Name, "c1"));
        var info = await rig.VirshOkAsync("checkpoint-info", rig.Name, "c1");
        foreach (var line in new[] { "Name:           c1", $"Domain:         {rig.Name}", "Parent:         -", "Children:       1", "Descendants:    2" })
            Assert.Contains(line + "\n", info);

        var c1 = await rig.VirshOkAsync("checkpoint-dumpxml", rig.Name, "c1");
        Assert.StartsWith("<domaincheckpoint>\n  <name>c1</name>\n  <description>first</description>\n  <creationTime>", c1);
        Assert.Contains("<disks>\n    <disk name='vda' checkpoint='bitmap' bitmap='c1'/>\n    <disk name='vdb' checkpoint='bitmap' bitmap='c1'/>\n  </disks>\n  <domain type='qemu'>", c1);
        await ValidateAsync(c1);
        var c3 = await rig.VirshOkAsync("checkpoint-dumpxml", rig.Name, "c3", "--no-domain", "--size");
        Assert.Matches("^<domaincheckpoint>\n  <name>c3</name>\n  <parent>\n    <name>c2</name>\n  </parent>\n  <creationTime>\\d+</creationTime>\n  <disks>\n" +
                       "    <disk name='vda' checkpoint='no'/>\n    <disk name='vdb' checkpoint='bitmap' bitmap='c3' size='0'/>\n  </disks>\n</domaincheckpoint>\n", c3);
        Assert.Matches("<disk name='vdb' checkpoint='bitmap' bitmap='c2' size='[1-9][0-9]*'/>", await rig.VirshOkAsync("checkpoint-dumpxml", rig.Name, "c2", "--size"));
        await ValidateAsync(c3);

        // libvirtd's refusals, word for word.
        Assert.Contains("error: operation failed: domain moment c1 already exists", await rig.VirshFailsAsync("checkpoint-create-as", rig.Name, "c1"));
        Assert.Contains("error: Domain checkpoint not found: no domain checkpoint with matching name 'nope'", await rig.VirshFailsAsync("checkpoint-dumpxml", rig.Name, "nope"));
        Assert.Contains("error: unsupported configuration: no disk named 'vdz'", await rig.VirshFailsAsync("checkpoint-create-as", rig.Name, "c9", "--diskspec", "vdz"));
        Assert.Contains("error: unsupported configuration: bitmap for disk 'vda' must match checkpoint name 'c9'",
            await rig.VirshFailsAsync("checkpoint-create-as", rig.Name, "c9", "--diskspec", "vda,bitmap=other"));

        // python-libvirt sees the same tree.
        var py = await rig.Served.PythonAsync(rig.Name, """
            print(sorted(x.getName() for x in d.listAllCheckpoints()))
            print([x.getName() for x in d.checkpointLookupByName('c1').listAllChildren(libvirt.VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS)])
            print(d.checkpointLookupByName('c3').getParent().getName())
            """);
        Assert.Equal("['c1', 'c2', 'c3']\n['c2', 'c3']\nc2\n", py);

        // Delete c2: its bitmaps go, c3 becomes c1's child; c1's bitmaps (recording since c1) stay.
        Assert.Equal("Domain checkpoint c2 deleted\n\n", await rig.VirshOkAsync("checkpoint-delete", rig.Name, "c2"));
        Assert.Equal("c1\n  |\n  +- c3\n    \n\n", await rig.VirshOkAsync("checkpoint-list", rig.Name, "--tree"));
        bitmaps = await BitmapsAsync(rig);
        Assert.Equal(["c1"], bitmaps["vda"].Select(b => b.Name));
        Assert.Equal(["c1", "c3"], bitmaps["vdb"].Select(b => b.Name).Order());
        // A new checkpoint's parent is the newest one.
        await rig.VirshOkAsync("checkpoint-create-as", rig.Name, "c4");
        Assert.Equal("c3\n", await rig.VirshOkAsync("checkpoint-parent", rig.Name, "c4"));
        Assert.Equal("Domain checkpoint c3 children deleted\n\n", await rig.VirshOkAsync("checkpoint-delete", rig.Name, "c3", "--children-only"));
        Assert.Equal("Domain checkpoint c3 deleted\n\n", await rig.VirshOkAsync("checkpoint-delete", rig.Name, "c3", "--metadata"));
        bitmaps = await BitmapsAsync(rig);
        Assert.Equal(["c1", "c3"], bitmaps["vdb"].Select(b => b.Name).Order());

        // Shut off: the bitmaps are in the images, the metadata stays, undefine wants --checkpoints-metadata.
        await rig.VirshOkAsync("destroy", rig.Name);
        Assert.Contains("c1", await Tools.OkAsync("qemu-img", "info", "-U", rig.Disk1));
        Assert.Equal("c1\n\n", await rig.VirshOkAsync("checkpoint-list", rig.Name, "--name"));
        Assert.Contains("error: Operation not supported: cannot delete checkpoint for inactive domain", await rig.VirshFailsAsync("checkpoint-delete", rig.Name, "c1"));
        Assert.Contains("error: Requested operation is not valid: domain is not running", await rig.VirshFailsAsync("checkpoint-dumpxml", rig.Name, "c1", "--size"));
        Assert.Equal($"{rig.Name}\n\n", await rig.VirshOkAsync("list", "--all", "--with-checkpoint", "--name"));
        Assert.Contains("error: Requested operation is not valid: cannot delete inactive domain with 1 checkpoints", await rig.VirshFailsAsync("undefine", rig.Name));
        await rig.VirshOkAsync("undefine", rig.Name, "--checkpoints-metadata");
    }

    private static async Task ValidateAsync(string xml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"vit-ckpt-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(file, xml);
        try
        {
            await Tools.OkAsync("virt-xml-validate", file, "domaincheckpoint");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The dirty bitmaps on each disk's active node, by disk target.</summary>
    internal static async Task<Dictionary<string, IReadOnlyList<QmpDirtyBitmap>>> BitmapsAsync(SnapshotRig rig)
    {
        var monitor = rig.Guest.RequireMonitor();
        var nodes = await monitor.ExecuteAsync(QmpCommands.QueryNamedBlockNodes(flat: true), CancellationToken.None);
        var all = QmpDirtyBitmap.ListFromJson(nodes);
        var block = await monitor.ExecuteAsync(QmpCommands.QueryBlock(), CancellationToken.None);
        var result = new Dictionary<string, IReadOnlyList<QmpDirtyBitmap>>();
        foreach (var dev in (block as JsonArray ?? []).OfType<JsonObject>())
        {
            var file = (string?)dev["inserted"]?["image"]?["filename"];
            var node = (string?)dev["inserted"]?["node-name"];
            if (file == rig.Disk1) result["vda"] = all.Where(b => b.Node == node).ToList();
            if (file == rig.Disk2) result["vdb"] = all.Where(b => b.Node == node).ToList();
        }
        return result;
    }
}
