using System.Security.Cryptography;

namespace Vireo.GuestKit.Tests;

/// <summary>
/// scripts/make-guest.sh itself: reproducible, a no-op when up to date, clear about bad input.
/// Builds into private temp directories; the downloaded packages come from the shared cache.
/// </summary>
public sealed class MakeGuestScriptTests : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("vireo-mkguest-");

    private static string Script => Path.Combine(ToolRunner.RepositoryRoot(), "scripts", "make-guest.sh");

    public void Dispose() => _scratch.Delete(recursive: true);

    private async Task<ToolRunner.Result> BuildAsync(string outDir, params string[] options)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(BuildTimeout);
        return await ToolRunner.RunAsync("bash", [Script, .. options, outDir], deadline.Token);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task Two_builds_produce_identical_bytes()
    {
        string first = Path.Combine(_scratch.FullName, "a"), second = Path.Combine(_scratch.FullName, "b");

        var one = await BuildAsync(first, "--flavor", "cloud");
        var two = await BuildAsync(second, "--flavor", "cloud");

        Assert.True(one.ExitCode == 0, one.StandardError);
        Assert.True(two.ExitCode == 0, two.StandardError);
        Assert.Equal(Sha256(Path.Combine(first, "initrd-cloud.cpio.gz")), Sha256(Path.Combine(second, "initrd-cloud.cpio.gz")));
        Assert.Equal(Sha256(Path.Combine(first, "vmlinuz-cloud")), Sha256(Path.Combine(second, "vmlinuz-cloud")));
    }

    [Fact]
    public async Task Second_build_is_skipped_and_leaves_the_outputs_untouched()
    {
        string outDir = Path.Combine(_scratch.FullName, "kit");
        var first = await BuildAsync(outDir, "--flavor", "cloud");
        Assert.True(first.ExitCode == 0, first.StandardError);
        var before = File.GetLastWriteTimeUtc(Path.Combine(outDir, "initrd-cloud.cpio.gz"));

        var again = await BuildAsync(outDir, "--flavor", "cloud");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("up to date", again.StandardError);
        Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(outDir, "initrd-cloud.cpio.gz")));
        Assert.Contains($"initrd: {Path.Combine(outDir, "initrd-cloud.cpio.gz")}", again.StandardOutput);
    }

    [Fact]
    public async Task Initramfs_entries_are_owned_by_root_and_stamped_with_source_date_epoch()
    {
        string outDir = Path.Combine(_scratch.FullName, "kit");
        var build = await BuildAsync(outDir, "--flavor", "cloud");
        Assert.True(build.ExitCode == 0, build.StandardError);

        string initrd = Path.Combine(outDir, "initrd-cloud.cpio.gz");
        var listing = await ToolRunner.RunAsync(
            "bash", ["-c", "gzip -dc \"$1\" | cpio -t -v --quiet --numeric-uid-gid", "list", initrd],
            TestContext.Current.CancellationToken, new Dictionary<string, string> { ["TZ"] = "UTC" });

        Assert.Equal(0, listing.ExitCode);
        string[] lines = listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.EndsWith(" init", StringComparison.Ordinal) && l.StartsWith("-rwxr-xr-x", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" etc/modules.order", StringComparison.Ordinal));
        // cpio -tv prints "mode links uid gid size Mon DD YYYY name" for a file older than six months.
        Assert.All(lines, l => Assert.Matches(@"^\S+\s+\d+\s+0\s+0\s+\d+\s+Nov 14\s+2023 ", l));
    }

    [Fact]
    public async Task Unknown_flavor_is_refused_with_a_clear_message()
    {
        var result = await BuildAsync(Path.Combine(_scratch.FullName, "kit"), "--flavor", "desktop");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown flavor 'desktop': use cloud or generic", result.StandardError);
        Assert.False(Directory.Exists(Path.Combine(_scratch.FullName, "kit")), "nothing should be created for a refused flavor");
    }
}
