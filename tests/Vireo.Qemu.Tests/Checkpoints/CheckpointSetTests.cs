using Vireo.Core.Checkpoints;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Checkpoints;

namespace Vireo.Qemu.Tests.Checkpoints;

/// <summary>The checkpoint tree's queries (libvirt's listing filters) and how deletion re-links it.</summary>
public sealed class CheckpointSetTests
{
    // a - b - c
    //       \ d
    private static readonly CheckpointSet Tree = CheckpointSet.Empty("web")
        .With(new DomainCheckpointDef { Name = "a" })
        .With(new DomainCheckpointDef { Name = "b", Parent = "a" })
        .With(new DomainCheckpointDef { Name = "c", Parent = "b" })
        .With(new DomainCheckpointDef { Name = "d", Parent = "b" })
        .WithCurrent("d");

    [Theory]
    [InlineData(CheckpointListFlags.None, "a b c d")]
    [InlineData(CheckpointListFlags.Roots, "a")]
    [InlineData(CheckpointListFlags.Leaves, "c d")]
    [InlineData(CheckpointListFlags.NoLeaves, "a b")]
    [InlineData(CheckpointListFlags.Leaves | CheckpointListFlags.NoLeaves, "a b c d")]
    [InlineData(CheckpointListFlags.Topological, "a b c d")]
    public void List_filters_as_libvirt(CheckpointListFlags flags, string expected) =>
        Assert.Equal(expected, string.Join(" ", Tree.List(flags)));

    [Fact]
    public void Children_and_descendants()
    {
        Assert.Equal(["b"], Tree.ListChildren("a", CheckpointListFlags.None));
        Assert.Equal(["b", "c", "d"], Tree.ListChildren("a", CheckpointListFlags.Descendants));
        Assert.Equal(["c"], Tree.ListChildren("a", CheckpointListFlags.Descendants | CheckpointListFlags.Leaves).Take(1));
        var e = Assert.Throws<VirException>(() => Tree.ListChildren("x", CheckpointListFlags.None));
        Assert.Equal((VirErrorCode.NoDomainCheckpoint, "Domain checkpoint not found: no domain checkpoint with matching name 'x'"), (e.Code, e.Message));
    }

    [Fact]
    public void Removing_a_checkpoint_moves_its_children_up_and_the_current_mark_to_its_parent()
    {
        var after = Tree.Without(["b"]);
        Assert.Equal(("a", "a"), (after.Get("c").Parent, after.Get("d").Parent));
        Assert.Equal("d", after.Current);
        var noD = Tree.Without(["b", "c", "d"]);
        Assert.Equal(("a", 1), (noD.Current, noD.Count));
    }
}
