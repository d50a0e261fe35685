using Vireo.Core.Snapshots;
using Vireo.Qemu.Driver;
using Vireo.Qemu.Driver.Features.Snapshots;

namespace Vireo.Qemu.Tests.Snapshots;

/// <summary>Which overlays kept by an earlier snapshot delete go once nothing uses them, and how the list is stored.</summary>
public sealed class KeptOverlaysTests
{
    private static readonly IReadOnlySet<string> NothingNamed = new HashSet<string>();

    [Fact]
    public void A_kept_overlay_nothing_names_or_reads_is_removed_and_forgotten()
    {
        // base <- a.s1 (kept when s1 went) ; a.s2 was merged into it and removed; a.s1-revert1 reads base.
        var backing = new Dictionary<string, string?> { ["/i/base"] = null, ["/i/a.s1-revert1"] = "/i/base" };
        var sweep = KeptOverlays.Sweep([new KeptOverlay("/i/a.s1", true, "/i/base")], NothingNamed, backing);
        Assert.Equal(["/i/a.s1"], sweep.Remove);
        Assert.Equal(["/i/a.s1"], sweep.Forget);
    }

    [Fact]
    public void A_kept_overlay_an_image_still_reads_stays_on_the_list()
    {
        var backing = new Dictionary<string, string?> { ["/i/base"] = null, ["/i/a.s1"] = "/i/base", ["/i/a.s2"] = "/i/a.s1" };
        var sweep = KeptOverlays.Sweep([new KeptOverlay("/i/a.s1", true, "/i/base")], NothingNamed, backing);
        Assert.Empty(sweep.Remove);
        Assert.Empty(sweep.Forget);
    }

    [Fact]
    public void A_kept_overlay_a_snapshot_or_a_definition_names_stays_on_the_list()
    {
        var sweep = KeptOverlays.Sweep([new KeptOverlay("/i/a.s1", true, "/i/base")], new HashSet<string> { "/i/a.s1" }, new Dictionary<string, string?>());
        Assert.Empty(sweep.Remove);
        Assert.Empty(sweep.Forget);
    }

    [Fact]
    public void A_missing_file_is_forgotten_and_an_image_without_a_backing_file_is_never_removed()
    {
        var sweep = KeptOverlays.Sweep(
            [new KeptOverlay("/i/gone.s1", false, null), new KeptOverlay("/i/replaced-by-a-base.qcow2", true, null)],
            NothingNamed, new Dictionary<string, string?>());
        Assert.Empty(sweep.Remove);
        Assert.Equal(["/i/gone.s1", "/i/replaced-by-a-base.qcow2"], sweep.Forget);
    }

    [Fact]
    public async Task The_kept_list_is_saved_with_the_metadata_and_its_file_goes_when_it_is_empty()
    {
        var root = Directory.CreateTempSubdirectory("vireo-kept-");
        try
        {
            var paths = new QemuDriverPaths(Path.Combine(root.FullName, "qemu", "config"), Path.Combine(root.FullName, "run"),
                Path.Combine(root.FullName, "log"), Path.Combine(root.FullName, "lib"));
            var files = new SnapshotFiles(paths);
            var snap = new DomainSnapshotDef { Name = "s2", State = SnapshotState.DiskSnapshot };
            var empty = files.Load("web");
            var one = empty.With(snap).WithKept(["/i/a.s1", "/i/b.s1"]);
            await files.SaveAsync(empty, one, CancellationToken.None);

            var keptFile = Path.Combine(files.DirectoryOf("web"), ".kept");
            Assert.Equal("/i/a.s1\n/i/b.s1\n", File.ReadAllText(keptFile));
            Assert.Equal(["/i/a.s1", "/i/b.s1"], new SnapshotFiles(paths).Load("web").Kept);
            Assert.Equal(1, SnapshotFiles.Count(paths, "web")); // the list is not a snapshot

            var none = one.WithoutKept(one.Kept);
            await files.SaveAsync(one, none, CancellationToken.None);
            Assert.False(File.Exists(keptFile));
            Assert.Empty(new SnapshotFiles(paths).Load("web").Kept);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
