using Vireo.Hosting;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Snapshots;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Checkpoints;

/// <summary>
/// vireo's checkpoint-* commands against vireod with the real demo guest on two qcow2 disks: what vireo makes and
/// deletes is what QEMU then has (persistent dirty bitmaps per disk), and every listing, info, parent, XML and
/// refusal (shut off, read-only, unknown checkpoint, taken name, bad diskspec, option rules) is byte for byte what
/// Debian's virsh prints against the same daemon, exit status included; and a driver without checkpoints
/// (containers) is refused alike.
/// </summary>
public sealed class CheckpointCliTests
{
    [Fact]
    public async Task Vireo_makes_lists_and_deletes_checkpoints_printing_what_virsh_prints()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("ckcli");
        var served = rig.Served;
        var name = rig.Name;
        Task<ProgramResult> Same(params string[] args) => served.SameFromBothAsync(args);

        Assert.Equal("error: Operation not supported: cannot create checkpoint for inactive domain\n", (await Same("checkpoint-create-as", name, "c0")).Stderr);
        await Same("checkpoint-list", name);
        await using var console = await rig.StartGuestAsync();

        // vireo makes them, in each of its three ways; QEMU has the bitmaps it asked for.
        Assert.Equal("Domain checkpoint c1 created\n", await served.VireoOkAsync("checkpoint-create-as", name, "c1", "--description", "first"));
        await console.WriteAsync("vda", GuestDisks.Before, "AFTER-C1");
        Assert.Equal("Domain checkpoint c2 created\n", await served.VireoOkAsync("checkpoint-create-as", name, "c2", "--diskspec", "vdb,checkpoint=bitmap"));
        var c3File = served.WriteFile("c3.xml", "<domaincheckpoint><name>c3</name><description>from a file</description></domaincheckpoint>");
        Assert.Equal($"Domain checkpoint c3 created from '{c3File}'\n", await served.VireoOkAsync("checkpoint-create", name, c3File));
        var bitmaps = await CheckpointLifecycleTests.BitmapsAsync(rig);
        Assert.Equal(["c1", "c3"], bitmaps["vda"].Select(b => b.Name).Order());
        Assert.Equal(["c1", "c2", "c3"], bitmaps["vdb"].Select(b => b.Name).Order());
        Assert.All(bitmaps.Values.SelectMany(b => b), b => Assert.True(b.Persistent));
        Assert.NotEqual(0UL, bitmaps["vda"].Single(b => b.Name == "c1").Count); // c1's bitmap saw the write after it

        // Every read, and every refusal, as virsh prints it.
        Assert.Equal("c1\n  |\n  +- c2\n      |\n      +- c3\n        \n\n", (await Same("checkpoint-list", name, "--tree")).Stdout);
        Assert.Equal("c1\n", (await Same("checkpoint-parent", name, "c2")).Stdout);
        string[][] reads =
        [
            ["checkpoint-list", name], ["checkpoint-list", name, "--parent"], ["checkpoint-list", name, "--roots"], ["checkpoint-list", name, "--leaves", "--name"],
            ["checkpoint-list", name, "--no-leaves"], ["checkpoint-list", name, "--topological", "--name"], ["checkpoint-list", name, "--from", "c1"],
            ["checkpoint-list", name, "--from", "c1", "--tree"], ["checkpoint-list", name, "--from", "c1", "--descendants", "--parent"],
            ["checkpoint-info", name, "c1"], ["checkpoint-info", name, "--checkpointname", "c3"], ["checkpoint-parent", name, "c1"],
            ["checkpoint-dumpxml", name, "c1"], ["checkpoint-dumpxml", name, "c2", "--no-domain", "--size"], ["checkpoint-dumpxml", name, "c3", "--security-info"],
            ["checkpoint-create-as", name, "p1", "printed", "vda,checkpoint=bitmap,bitmap=p1", "--diskspec", "vdb,checkpoint=no", "--print-xml"],
            ["checkpoint-create-as", name, "--print-xml"],
            // refusals: the daemon's, virsh's own option rules, a checkpoint that does not exist
            ["checkpoint-create-as", name, "c1"], ["checkpoint-create-as", name, "c9", "--diskspec", "vdz"],
            ["checkpoint-create-as", name, "c9", "--diskspec", "vda,bitmap=other"], ["checkpoint-create-as", name, "c9", "--diskspec", "vda,foo=bar"],
            ["checkpoint-create-as", name, "c9", "--quiesce"], ["checkpoint-create-as", name, ""], ["checkpoint-create", name, "--redefine-validate"],
            ["checkpoint-create", name, Path.Combine(served.RootPath, "missing.xml")],
            ["checkpoint-dumpxml", name, "nope"], ["checkpoint-info", name, "nope"], ["checkpoint-parent", name, "nope"], ["checkpoint-delete", name, "nope"],
            ["checkpoint-info", name], ["checkpoint-dumpxml", name, ""], ["checkpoint-list", name, "--from", "nope"], ["checkpoint-list", "nodomain"],
            ["checkpoint-list", name, "--tree", "--name"], ["checkpoint-list", name, "--leaves", "--tree"], ["checkpoint-list", name, "--roots", "--from", "c1"],
            ["checkpoint-list", name, "--descendants"], ["checkpoint-list"],
        ];
        foreach (var args in reads) await Same(args);

        // Without a file the daemon names the checkpoint after the time; vireo deletes it, and its bitmaps go.
        var made = System.Text.RegularExpressions.Regex.Match(await served.VireoOkAsync("checkpoint-create", name), @"^Domain checkpoint (\d+) created\n$");
        Assert.True(made.Success);
        Assert.Contains(made.Groups[1].Value, (await CheckpointLifecycleTests.BitmapsAsync(rig))["vda"].Select(b => b.Name));
        Assert.Equal($"Domain checkpoint {made.Groups[1].Value} deleted\n\n", await served.VireoOkAsync("checkpoint-delete", name, made.Groups[1].Value));

        // A read-only connection reads but neither creates nor deletes.
        var ro = await served.ListenReadOnlyAsync();
        Assert.Equal("error: operation forbidden: read only access prevents virDomainCheckpointCreateXML\n",
            (await served.SameFromBothOnAsync(ro, "checkpoint-create-as", name, "r1")).Stderr);
        Assert.Equal("error: Failed to delete checkpoint c1\nerror: operation forbidden: read only access prevents virDomainCheckpointDelete\n",
            (await served.SameFromBothOnAsync(ro, "checkpoint-delete", name, "c1")).Stderr);
        await served.SameFromBothOnAsync(ro, "checkpoint-list", name, "--tree");
        Assert.Equal(["c1", "c3"], (await CheckpointLifecycleTests.BitmapsAsync(rig))["vda"].Select(b => b.Name).Order());

        // Deleting: c2's bitmap goes and c3 moves up to c1; metadata only, then redefined from its XML; children only; all.
        Assert.Equal("Domain checkpoint c2 deleted\n\n", await served.VireoOkAsync("checkpoint-delete", name, "c2"));
        Assert.Equal(["c1", "c3"], (await CheckpointLifecycleTests.BitmapsAsync(rig))["vdb"].Select(b => b.Name).Order());
        Assert.Equal("c1\n", (await Same("checkpoint-parent", name, "c3")).Stdout);
        var c3Xml = served.WriteFile("c3-kept.xml", await served.VireoOkAsync("checkpoint-dumpxml", name, "c3"));
        Assert.Equal("Domain checkpoint c3 deleted\n\n", await served.VireoOkAsync("checkpoint-delete", name, "c3", "--metadata"));
        Assert.Equal("c1\n\n", (await Same("checkpoint-list", name, "--name")).Stdout);
        Assert.Equal(["c1", "c3"], (await CheckpointLifecycleTests.BitmapsAsync(rig))["vdb"].Select(b => b.Name).Order()); // the bitmap stays
        Assert.Equal($"Domain checkpoint c3 created from '{c3Xml}'\n", await served.VireoOkAsync("checkpoint-create", name, c3Xml, "--redefine"));
        Assert.Equal("c1\n  |\n  +- c3\n    \n\n", (await Same("checkpoint-list", name, "--tree")).Stdout);
        Assert.Equal("Domain checkpoint c1 children deleted\n\n", await served.VireoOkAsync("checkpoint-delete", name, "c1", "--children-only"));
        Assert.Equal(["c1"], (await CheckpointLifecycleTests.BitmapsAsync(rig))["vdb"].Select(b => b.Name));
        await served.VireoOkAsync("checkpoint-create-as", name, "c5");
        Assert.Equal("Domain checkpoint c1 deleted\n\n", await served.VireoOkAsync("checkpoint-delete", name, "c1", "--children"));
        Assert.All((await CheckpointLifecycleTests.BitmapsAsync(rig)).Values, Assert.Empty);

        // Shut off: the refusals are virsh's, and forgetting the metadata still works.
        await served.VireoOkAsync("checkpoint-create-as", name, "c6");
        await served.VirshOkAsync("destroy", name);
        Assert.Equal("error: Failed to delete checkpoint c6\nerror: Operation not supported: cannot delete checkpoint for inactive domain\n",
            (await Same("checkpoint-delete", name, "c6")).Stderr);
        Assert.Equal("error: Requested operation is not valid: domain is not running\n", (await Same("checkpoint-dumpxml", name, "c6", "--size")).Stderr);
        await Same("checkpoint-create-as", name, "c7");
        await Same("checkpoint-info", name, "c6");
        Assert.Equal("Domain checkpoint c6 deleted\n\n", await served.VireoOkAsync("checkpoint-delete", name, "c6", "--metadata"));
        Assert.Equal("\n", (await Same("checkpoint-list", name, "--name")).Stdout);
    }

    [Fact]
    public async Task A_driver_without_checkpoints_is_refused_by_vireo_as_by_virsh()
    {
        VirshRequired.Check();
        await using var served = await ServedEngine.StartAsync(DriverKind.Lxc);
        await served.VirshOkAsync("define", served.WriteFile("ct.xml",
            "<domain type='lxc'><name>ckct</name><memory unit='MiB'>64</memory><os><type>exe</type><init>/bin/sh</init></os></domain>"));
        Assert.Equal("error: unexpected problem querying checkpoints\nerror: this function is not supported by the connection driver: virDomainListAllCheckpoints\n",
            (await served.SameFromBothAsync("checkpoint-list", "ckct", "--tree")).Stderr);
        await served.SameFromBothAsync("checkpoint-create-as", "ckct", "c1");
        await served.SameFromBothAsync("checkpoint-info", "ckct", "c1");
    }
}
