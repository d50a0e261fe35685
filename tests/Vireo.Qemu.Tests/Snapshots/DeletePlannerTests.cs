using Vireo.Core.Domain;
using Vireo.Core.Snapshots;
using Vireo.Core.Xml;
using Vireo.Qemu.Driver.Features.Snapshots;

namespace Vireo.Qemu.Tests.Snapshots;

/// <summary>Which merges a snapshot delete may do, over image graphs made by snapshots and reverts.</summary>
public sealed class DeletePlannerTests
{
    private static DomainDef DomainOn(string image) => DomainXml.Parse($"""
        <domain type='qemu'><name>web</name><uuid>3f2504e0-4f89-41d3-9a0c-0305e82c3301</uuid><memory unit='MiB'>256</memory>
          <os><type arch='x86_64'>hvm</type></os>
          <devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{image}'/><target dev='vda' bus='virtio'/></disk></devices>
        </domain>
        """);

    /// <summary>A snapshot that froze <paramref name="baseImage"/> and put <paramref name="overlay"/> on it.</summary>
    private static DomainSnapshotDef Snap(string name, string? parent, string baseImage, string overlay) => new()
    {
        Name = name,
        Parent = parent,
        State = SnapshotState.DiskSnapshot,
        Disks = [new SnapshotDiskDef { Name = "vda", Snapshot = SnapshotLocation.External, DriverFormat = DiskFormat.Qcow2, SourceFile = overlay }],
        Domain = DomainOn(baseImage),
    };

    [Fact]
    public void A_linear_chain_commits_the_overlay_down_and_names_the_images_above_it()
    {
        // base <- a.s1 <- a.s2 (active); delete s1: a.s1 goes into base, a.s2 is re-pointed.
        var set = SnapshotSet.Empty("web").With(Snap("s1", null, "/i/base", "/i/a.s1")).With(Snap("s2", "s1", "/i/a.s1", "/i/a.s2"));
        var backing = new Dictionary<string, string?> { ["/i/base"] = null, ["/i/a.s1"] = "/i/base", ["/i/a.s2"] = "/i/a.s1" };
        var plan = DeletePlanner.Plan(set, "s1", backing, new HashSet<string> { "/i/a.s2" }).Single();
        Assert.Equal(("vda", MergeKind.CommitDown, "/i/base", "/i/a.s1"), (plan.Target, plan.Kind, plan.Base, plan.Overlay));
        Assert.Equal(["/i/a.s2"], plan.OverlayDependents);
        Assert.Equal("only the overlay reads the snapshot's image", plan.Reason);
    }

    [Fact]
    public void The_newest_snapshot_commits_its_active_overlay()
    {
        var set = SnapshotSet.Empty("web").With(Snap("s1", null, "/i/base", "/i/a.s1"));
        var backing = new Dictionary<string, string?> { ["/i/base"] = null, ["/i/a.s1"] = "/i/base" };
        var plan = DeletePlanner.Plan(set, "s1", backing, new HashSet<string> { "/i/a.s1" }).Single();
        Assert.Equal(MergeKind.CommitDown, plan.Kind);
        Assert.Empty(plan.OverlayDependents);
    }

    [Fact]
    public void After_a_revert_the_base_is_shared_so_it_is_never_changed_and_the_abandoned_overlay_goes()
    {
        // s1 froze base; a.s1 was written after it; revert s1 put a.s1-revert1 on base (now active).
        var set = SnapshotSet.Empty("web").With(Snap("s1", null, "/i/base", "/i/a.s1"));
        var backing = new Dictionary<string, string?> { ["/i/base"] = null, ["/i/a.s1"] = "/i/base", ["/i/a.s1-revert1"] = "/i/base" };
        var plan = DeletePlanner.Plan(set, "s1", backing, new HashSet<string> { "/i/a.s1-revert1" }).Single();
        Assert.Equal(MergeKind.DropOverlay, plan.Kind);
        Assert.Equal("'/i/base' is also the backing file of '/i/a.s1-revert1'; nothing reads '/i/a.s1' any more, so it is removed", plan.Reason);
    }

    [Fact]
    public void A_shared_base_with_a_used_overlay_keeps_both_files()
    {
        // s1 froze base, s2 froze a.s1; revert to s1 made a branch on base. Deleting s1 must keep base and a.s1 (s2 needs a.s1).
        var set = SnapshotSet.Empty("web").With(Snap("s1", null, "/i/base", "/i/a.s1")).With(Snap("s2", "s1", "/i/a.s1", "/i/a.s2"));
        var backing = new Dictionary<string, string?>
        {
            ["/i/base"] = null, ["/i/a.s1"] = "/i/base", ["/i/a.s2"] = "/i/a.s1", ["/i/a.s1-revert1"] = "/i/base",
        };
        var plan = DeletePlanner.Plan(set, "s1", backing, new HashSet<string> { "/i/a.s1-revert1" }).Single();
        Assert.Equal(MergeKind.Keep, plan.Kind);
        Assert.Contains("both files stay", plan.Reason);
    }

    [Fact]
    public void A_base_another_snapshot_froze_too_is_not_committed_into()
    {
        var set = SnapshotSet.Empty("web").With(Snap("s1", null, "/i/base", "/i/a.s1")).With(Snap("x", null, "/i/base", "/i/a.x"));
        var backing = new Dictionary<string, string?> { ["/i/base"] = null, ["/i/a.s1"] = "/i/base" };
        var plan = DeletePlanner.Plan(set, "s1", backing, new HashSet<string> { "/i/a.s1" }).Single();
        Assert.Equal(MergeKind.Keep, plan.Kind);
        Assert.StartsWith("snapshot 'x' also use '/i/base'", plan.Reason);
    }

    [Fact]
    public void A_missing_overlay_leaves_nothing_to_merge()
    {
        var set = SnapshotSet.Empty("web").With(Snap("s1", null, "/i/base", "/i/a.s1"));
        var plan = DeletePlanner.Plan(set, "s1", new Dictionary<string, string?> { ["/i/base"] = null }, new HashSet<string>()).Single();
        Assert.Equal(MergeKind.None, plan.Kind);
    }
}
