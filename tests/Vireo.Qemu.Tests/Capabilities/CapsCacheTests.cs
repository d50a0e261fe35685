using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Tests.Capabilities;

/// <summary>
/// The cache probes a binary once per build (path + mtime + size), shares one probe between concurrent
/// callers, survives a restart through its cache directory, and forgets failures. The "emulators" here
/// are stand-in files and the probe returns the captured fixture, counting calls; the real prober is
/// covered by CapsProberTests.
/// </summary>
public sealed class CapsCacheTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vireo-capscache-").FullName;
    private int probes;

    private string Binary(string name = "qemu-system-x86_64")
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, "stand-in binary v1");
        return path;
    }

    private Task<string> CountingProbe(string path, CancellationToken ct)
    {
        Interlocked.Increment(ref probes);
        return Task.FromResult(CapsFixture.DocumentFor(path));
    }

    [Fact]
    public async Task ProbesOncePerBuildOfTheBinary()
    {
        var binary = Binary();
        var cache = new QemuCapsCache(probe: CountingProbe);
        var first = await cache.GetAsync(binary, TestContext.Current.CancellationToken);
        var again = await cache.GetAsync(binary, TestContext.Current.CancellationToken);
        Assert.Same(first, again);
        Assert.Equal(1, probes);
        Assert.Equal(binary, first.EmulatorPath);

        File.WriteAllText(binary, "stand-in binary v2, a different size");
        var upgraded = await cache.GetAsync(binary, TestContext.Current.CancellationToken);
        Assert.NotSame(first, upgraded);
        Assert.Equal(2, probes);
    }

    [Fact]
    public async Task ConcurrentCallersShareOneProbe()
    {
        var binary = Binary();
        var gate = new TaskCompletionSource();
        var cache = new QemuCapsCache(probe: async (path, ct) =>
        {
            Interlocked.Increment(ref probes);
            await gate.Task;
            return CapsFixture.DocumentFor(path);
        });
        var a = cache.GetAsync(binary, TestContext.Current.CancellationToken);
        var b = cache.GetAsync(binary, TestContext.Current.CancellationToken);
        gate.SetResult();
        Assert.Same(await a, await b);
        Assert.Equal(1, probes);
    }

    [Fact]
    public async Task TheCacheDirectorySurvivesARestart()
    {
        var binary = Binary();
        var cacheDir = Path.Combine(dir, "cache");
        var before = await new QemuCapsCache(cacheDir, CountingProbe).GetAsync(binary, TestContext.Current.CancellationToken);
        var file = Assert.Single(Directory.GetFiles(cacheDir));
        Assert.Contains("\"stamp\"", File.ReadAllText(file));

        var after = await new QemuCapsCache(cacheDir, CountingProbe).GetAsync(binary, TestContext.Current.CancellationToken);
        Assert.Equal(1, probes);
        Assert.Equal(before.Machines, after.Machines);
        Assert.Equal(before.Version, after.Version);

        File.SetLastWriteTimeUtc(binary, DateTime.UtcNow.AddMinutes(5)); // an upgrade: the stored document is stale
        await new QemuCapsCache(cacheDir, CountingProbe).GetAsync(binary, TestContext.Current.CancellationToken);
        Assert.Equal(2, probes);
    }

    [Fact]
    public async Task ADamagedCacheFileIsProbedAgainAndReplaced()
    {
        var binary = Binary();
        var cacheDir = Path.Combine(dir, "cache");
        Directory.CreateDirectory(cacheDir);
        var file = Path.Combine(cacheDir, QemuCapsCache.FileNameFor(binary));
        File.WriteAllText(file, "{ truncated");
        var caps = await new QemuCapsCache(cacheDir, CountingProbe).GetAsync(binary, TestContext.Current.CancellationToken);
        Assert.Equal(1, probes);
        Assert.Equal("x86_64", caps.Arch);
        Assert.Contains("\"stamp\"", File.ReadAllText(file));
    }

    [Fact]
    public async Task AFailedProbeIsNotRemembered()
    {
        var binary = Binary();
        bool fail = true;
        var cache = new QemuCapsCache(probe: (path, ct) =>
        {
            Interlocked.Increment(ref probes);
            return fail ? Task.FromException<string>(new IOException("QEMU crashed")) : Task.FromResult(CapsFixture.DocumentFor(path));
        });
        await Assert.ThrowsAsync<IOException>(() => cache.GetAsync(binary, TestContext.Current.CancellationToken));
        fail = false;
        var caps = await cache.GetAsync(binary, TestContext.Current.CancellationToken);
        Assert.Equal(2, probes);
        Assert.Equal("x86_64", caps.Arch);
    }

    [Fact]
    public async Task AMissingBinaryIsAnError()
    {
        var cache = new QemuCapsCache(probe: CountingProbe);
        await Assert.ThrowsAsync<FileNotFoundException>(() => cache.GetAsync(Path.Combine(dir, "missing"), TestContext.Current.CancellationToken));
        Assert.Equal(0, probes);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
