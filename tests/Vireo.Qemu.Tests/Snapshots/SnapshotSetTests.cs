using Vireo.Core.Errors;
using Vireo.Core.Snapshots;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Snapshots;

namespace Vireo.Qemu.Tests.Snapshots;

/// <summary>libvirt's listing filters over a snapshot tree: a - b - c, a - d, and a root e.</summary>
public sealed class SnapshotSetTests
{
    private static DomainSnapshotDef Snap(string name, string? parent, SnapshotState state = SnapshotState.DiskSnapshot) => new()
    {
        Name = name,
        Parent = parent,
        State = state,
        Disks = [new SnapshotDiskDef { Name = "vda", Snapshot = SnapshotLocation.External, SourceFile = $"/i/d.{name}" }],
    };

    private static SnapshotSet Tree() => SnapshotSet.Empty("web")
        .With(Snap("a", null)).With(Snap("b", "a")).With(Snap("c", "b")).With(Snap("d", "a")).With(Snap("e", null, SnapshotState.Shutoff))
        .WithCurrent("c");

    [Theory]
    [InlineData(SnapshotListFlags.None, "a,b,c,d,e")]
    [InlineData(SnapshotListFlags.Roots, "a,e")]
    [InlineData(SnapshotListFlags.Leaves, "c,d,e")]
    [InlineData(SnapshotListFlags.NoLeaves, "a,b")]
    [InlineData(SnapshotListFlags.Leaves | SnapshotListFlags.NoLeaves, "a,b,c,d,e")]
    [InlineData(SnapshotListFlags.Metadata, "a,b,c,d,e")]
    [InlineData(SnapshotListFlags.NoMetadata, "")]
    [InlineData(SnapshotListFlags.DiskOnly, "a,b,c,d")]
    [InlineData(SnapshotListFlags.Inactive, "e")]
    [InlineData(SnapshotListFlags.Active, "")]
    [InlineData(SnapshotListFlags.External, "a,b,c,d,e")]
    [InlineData(SnapshotListFlags.Internal, "")]
    [InlineData(SnapshotListFlags.Roots | SnapshotListFlags.Leaves, "e")]
    public void Listing_filters_follow_libvirt(SnapshotListFlags flags, string expected) =>
        Assert.Equal(expected, string.Join(",", Tree().List(flags)));

    [Fact]
    public void Topological_order_puts_every_parent_before_its_children()
    {
        var order = Tree().List(SnapshotListFlags.Topological).ToList();
        Assert.True(order.IndexOf("a") < order.IndexOf("b") && order.IndexOf("b") < order.IndexOf("c") && order.IndexOf("a") < order.IndexOf("d"),
            string.Join(",", order));
    }

    [Fact]
    public void Children_and_descendants()
    {
        var set = Tree();
        Assert.Equal(["b", "d"], set.ListChildren("a", SnapshotListFlags.None));
        Assert.Equal(["b", "c", "d"], set.ListChildren("a", SnapshotListFlags.Descendants));
        Assert.Equal(["c", "d"], set.ListChildren("a", SnapshotListFlags.Descendants | SnapshotListFlags.Leaves));
        Assert.Empty(set.ListChildren("c", SnapshotListFlags.None));
    }

    [Fact]
    public void An_unknown_snapshot_is_libvirts_no_domain_snapshot_error()
    {
        var e = Assert.Throws<VirException>(() => Tree().Get("zz"));
        Assert.Equal(VirErrorCode.NoDomainSnapshot, e.Code);
        Assert.Equal("Domain snapshot not found: no domain snapshot with matching name 'zz'", e.Message);
    }

    [Fact]
    public void Unknown_flags_are_refused()
    {
        var e = Assert.Throws<VirException>(() => Tree().List((SnapshotListFlags)0x10000));
        Assert.Equal(VirErrorCode.InvalidArg, e.Code);
    }

    [Fact]
    public void Removing_the_current_snapshot_leaves_no_current()
    {
        var set = Tree().Without("c");
        Assert.Null(set.Current);
        Assert.False(set.ByName.ContainsKey("c"));
        Assert.Equal(4, set.Count);
    }
}
