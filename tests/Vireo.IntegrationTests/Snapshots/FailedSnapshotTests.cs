using Vireo.Core.State;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Driver.Features.Snapshots;

namespace Vireo.IntegrationTests.Snapshots;

/// <summary>
/// A snapshot that fails, at any step, leaves everything as it was: no disk switched (QEMU's block graph
/// is the same), no overlay file left behind, the state directory (definitions, status, metadata)
/// byte for byte the same, and the guest running. Refusals come from virsh with libvirt's wording.
/// </summary>
public sealed class FailedSnapshotTests
{
    private sealed record Baseline(IReadOnlyDictionary<string, string> State, IReadOnlyList<string> Images, IReadOnlyList<string> Nodes);

    private static async Task<Baseline> CaptureAsync(SnapshotRig rig) =>
        new(rig.Root.Snapshot().Where(kv => !kv.Key.StartsWith("img/", StringComparison.Ordinal)).ToDictionary(), rig.ImageFiles(), await rig.BlockNodesAsync());

    private static async Task AssertUnchangedAsync(SnapshotRig rig, Baseline before, string what)
    {
        var after = await CaptureAsync(rig);
        Assert.True(before.State.Count == after.State.Count && before.State.All(kv => after.State.TryGetValue(kv.Key, out var v) && v == kv.Value),
            $"{what}: the state directory changed: {string.Join(", ", after.State.Keys.Except(before.State.Keys).Concat(before.State.Where(kv => !after.State.TryGetValue(kv.Key, out var v) || v != kv.Value).Select(kv => kv.Key)))}");
        Assert.Equal(before.Images, after.Images);
        Assert.Equal(before.Nodes, after.Nodes);
        Assert.Equal(DomainState.Running, rig.State.State);
    }

    [Fact]
    public async Task Every_refused_or_failing_snapshot_leaves_disks_files_and_metadata_as_they_were()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("fail");
        await using var console = await rig.StartGuestAsync();
        await console.WriteAsync("vda", GuestDisks.Before, "KEEP-vda");
        File.WriteAllText(Path.Combine(rig.ImageDir, "taken.s9"), "not an overlay");
        var baseline = await CaptureAsync(rig);
        var dir = rig.ImageDir;

        var refusals = new (string[] Args, string Error)[]
        {
            (["s1", "--disk-only", "--diskspec", "vdz,file=" + dir + "/z.s1"], "unsupported configuration: no disk named 'vdz' in domain"),
            (["s1", "--disk-only", "--reuse-external", "--diskspec", "vda,snapshot=no", "--diskspec", "vdb,driver=raw,file=" + dir + "/missing.raw"],
                "unsupported configuration: external snapshot format for disk vdb is unsupported: raw"),
            (["s1", "--disk-only", "--reuse-external", "--diskspec", "vda,snapshot=no", "--diskspec", "vdb,file=" + dir + "/missing.s1"],
                "Requested operation is not valid: missing existing file for disk vdb: " + dir + "/missing.s1"),
            (["s1", "--disk-only", "--diskspec", "vda,file=/nonexistent/vda.s1"], "cannot create the overlay of disk vda: directory '/nonexistent' does not exist"),
            (["s1", "--disk-only", "--diskspec", "vda,file=" + dir + "/taken.s9"], "external snapshot file for disk vda already exists and is not a block device: " + dir + "/taken.s9"),
            (["s1", "--disk-only", "--diskspec", "vda,file=" + dir + "/same", "--diskspec", "vdb,file=" + dir + "/same"], "would both get the overlay"),
            (["s1", "--disk-only", "--quiesce"], "argument unsupported: QEMU guest agent is not configured"),
            (["s1"], "pass --disk-only"),
            (["s1", "--memspec", "file=" + dir + "/mem,snapshot=external"], "saving the guest's memory is not supported"),
            (["bad/name", "--disk-only"], "invalid snapshot name 'bad/name'"),
        };
        foreach (var (args, error) in refusals)
        {
            var stderr = await rig.VirshFailsAsync(["snapshot-create-as", rig.Name, .. args]);
            Assert.Contains(error, stderr);
            await AssertUnchangedAsync(rig, baseline, string.Join(' ', args));
        }

        // Failures injected after each step on the real QEMU: overlays written, block nodes added, and the
        // transaction refused. Each is undone completely.
        foreach (var step in new[] { "overlay:vdb", "node:vda", "node:vdb", "transaction" })
        {
            LiveSnapshot.FaultHooks[rig.Name] = s =>
            {
                if (s == step) throw new IOException($"injected failure after step {step}");
            };
            try
            {
                var stderr = await rig.VirshFailsAsync("snapshot-create-as", rig.Name, "s1", "--disk-only", "--atomic");
                Assert.Contains($"snapshot 's1' of domain '{rig.Name}' failed, no disk was switched: injected failure after step {step}", stderr);
            }
            finally
            {
                LiveSnapshot.FaultHooks.TryRemove(rig.Name, out _);
            }
            await AssertUnchangedAsync(rig, baseline, step);
        }

        // A reused overlay whose backing is not the disk's image would lose data: refused before anything.
        await Tools.OkAsync("qemu-img", "create", "-q", "-f", "qcow2", Path.Combine(dir, "stray.qcow2"), "64M");
        var strayBaseline = await CaptureAsync(rig);
        Assert.Contains("its backing file is '(none)', not the disk's active image",
            await rig.VirshFailsAsync("snapshot-create-as", rig.Name, "s1", "--disk-only", "--reuse-external", "--diskspec", "vdb,snapshot=no", "--diskspec", $"vda,file={dir}/stray.qcow2"));
        await AssertUnchangedAsync(rig, strayBaseline, "reuse with the wrong backing");

        // After all that, a snapshot works and the guest never noticed.
        Assert.Contains("Domain snapshot s1 created", await rig.VirshOkAsync("snapshot-create-as", rig.Name, "s1", "--disk-only", "--atomic"));
        Assert.Equal("KEEP-vda", await console.ReadAsync("vda", GuestDisks.Before));
        await Tools.CheckAllAsync([rig.Disk1, rig.Disk2, Path.Combine(dir, "d1.s1"), Path.Combine(dir, "d2.s1")]);
    }

    [Fact]
    public async Task Snapshot_calls_on_unknown_snapshots_and_domains_answer_like_libvirt()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("nosnap");
        Assert.Contains("error: Domain snapshot not found: no domain snapshot with matching name 'nope'", await rig.VirshFailsAsync("snapshot-info", rig.Name, "nope"));
        Assert.Contains($"error: domain '{rig.Name}' has no current snapshot", await rig.VirshFailsAsync("snapshot-current", rig.Name));
        Assert.Contains("error: failed to get domain 'no-such-domain'", await rig.VirshFailsAsync("snapshot-list", "no-such-domain"));
        // libvirtd looks for the base in the shut-off definition (which has no chain) before it checks the domain runs.
        Assert.Contains("invalid argument: could not find base image in chain for 'vda'", await rig.VirshFailsAsync("blockcommit", rig.Name, "vda", "--active"));
        Assert.Contains("Requested operation is not valid: domain is not running", await rig.VirshFailsAsync("blockjob", rig.Name, "vda", "--info"));
        Assert.Contains("invalid argument: invalid path vdz not assigned to domain", await rig.VirshFailsAsync("domblkinfo", rig.Name, "vdz"));
        Assert.Contains("Requested operation is not valid: cannot quiesce the file systems of domain", await rig.VirshFailsAsync("snapshot-create-as", rig.Name, "q", "--disk-only", "--quiesce"));
    }
}
