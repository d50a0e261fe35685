using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Core.Errors;
using Vireo.Core.Storage;
using Vireo.Drivers.Storage;

namespace Vireo.Rpc.Tests.Storage;

/// <summary>
/// vol-clone's rules on the real file system: while a copy runs its source cannot be deleted, wiped or
/// resized, its pools cannot be stopped, and the new volume is not listed until the copy is whole (libvirt's
/// in_use and asyncjobs refusals, word for word); other pool changes go on meanwhile.
/// </summary>
public sealed class StorageCloneTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vireo-clone-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The real host, with clones held at the start until the test lets them go.</summary>
    private sealed class HeldCloneHost(IStorageHost real) : IStorageHost
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Platform.Files.FileStatus? Stat(string path) => real.Stat(path);
        public Platform.Files.FileSystemUsage Usage(string directory) => real.Usage(directory);
        public IReadOnlyList<string> ListFiles(string directory) => real.ListFiles(directory);
        public void CreateDirectory(string path, uint? mode) => real.CreateDirectory(path, mode);
        public ImageFacts? Probe(string path) => real.Probe(path);
        public Task CreateImageAsync(string path, StorageVolDef def, CancellationToken ct) => real.CreateImageAsync(path, def, ct);
        public void DeleteFile(string path) => real.DeleteFile(path);
        public Task ResizeImageAsync(string path, VolumeFormat format, ulong capacity, bool allocate, bool shrink, CancellationToken ct) =>
            real.ResizeImageAsync(path, format, capacity, allocate, shrink, ct);
        public async Task CloneImageAsync(string source, VolumeFormat sourceFormat, string path, StorageVolDef def, bool reflink, CancellationToken ct)
        {
            Started.TrySetResult();
            await Release.Task.WaitAsync(ct);
            await real.CloneImageAsync(source, sourceFormat, path, def, reflink, ct);
        }
        public Task WipeZeroAsync(string path, CancellationToken ct) => real.WipeZeroAsync(path, ct);
        public Task ScrubAsync(string path, string pattern, CancellationToken ct) => real.ScrubAsync(path, pattern, ct);
        public void RemoveEmptyDirectory(string path) => real.RemoveEmptyDirectory(path);
    }

    [Fact]
    public async Task A_running_clone_holds_its_source_and_pool_and_the_copy_is_listed_only_when_whole()
    {
        var ct = TestContext.Current.CancellationToken;
        var host = new HeldCloneHost(new LocalStorageHost());
        var driver = new StorageDriver(new StoragePoolStore(Path.Combine(_root, "lib"), Path.Combine(_root, "run")), host, NullLogger.Instance);
        await driver.StartAsync(ct);
        var pool = await driver.CreatePoolAsync($"<pool type='dir'><name>p</name><target><path>{_root}/p</path></target></pool>", StoragePoolCreateFlags.WithBuild, ct);
        var other = await driver.CreatePoolAsync($"<pool type='dir'><name>o</name><target><path>{_root}/o</path></target></pool>", StoragePoolCreateFlags.WithBuild, ct);
        var src = await driver.CreateVolumeAsync(pool, "<volume><name>s.qcow2</name><capacity unit='M'>8</capacity><target><format type='qcow2'/></target></volume>",
            StorageVolCreateFlags.None, ct);

        var clone = driver.CloneVolumeAsync(pool, "<volume><name>c.qcow2</name><target><format type='qcow2'/></target></volume>", src, StorageVolCreateFlags.None, ct);
        await host.Started.Task.WaitAsync(ct);

        Assert.Equal(["s.qcow2"], driver.ListVolumes(pool).Select(v => v.Name));
        Assert.Equal("volume 's.qcow2' is still in use.", (await Assert.ThrowsAsync<VirException>(() => driver.DeleteVolumeAsync(src, ct))).Detail);
        Assert.Equal("volume 's.qcow2' is still in use.",
            (await Assert.ThrowsAsync<VirException>(() => driver.WipeVolumeAsync(src, StorageVolWipeAlgorithm.Zero, 0, ct))).Detail);
        Assert.Equal("volume 's.qcow2' is still in use.",
            (await Assert.ThrowsAsync<VirException>(() => driver.ResizeVolumeAsync(src, 16 << 20, StorageVolResizeFlags.None, ct))).Detail);
        var busy = await Assert.ThrowsAsync<VirException>(() => driver.DestroyPoolAsync(pool, ct));
        Assert.Equal((VirErrorCode.InternalError, "pool 'p' has asynchronous jobs running."), (busy.Code, busy.Detail));
        Assert.Equal("storage volume name 'c.qcow2' already in use.", (await Assert.ThrowsAsync<VirException>(() =>
            driver.CloneVolumeAsync(pool, "<volume><name>c.qcow2</name></volume>", src, StorageVolCreateFlags.None, ct))).Detail);
        await driver.RefreshPoolAsync(other, ct); // another pool's change is not held up by the copy
        Assert.DoesNotContain(driver.ListVolumes(pool), v => v.Name == "c.qcow2");

        host.Release.SetResult();
        var made = await clone;
        Assert.Equal(new StorageVolRef("p", "c.qcow2", Path.Combine(_root, "p", "c.qcow2")), made);
        var report = await driver.VolumeAsync(made, ct);
        Assert.Equal((VolumeFormat.Qcow2, 8UL << 20), (report.Format, report.Capacity));
        await driver.DeleteVolumeAsync(src, ct); // free again
        await driver.DestroyPoolAsync(pool, ct);
    }

    [Fact]
    public async Task A_failed_clone_leaves_no_file_and_no_volume()
    {
        var ct = TestContext.Current.CancellationToken;
        var driver = new StorageDriver(new StoragePoolStore(Path.Combine(_root, "lib"), Path.Combine(_root, "run")), new LocalStorageHost(), NullLogger.Instance);
        await driver.StartAsync(ct);
        var pool = await driver.CreatePoolAsync($"<pool type='dir'><name>f</name><target><path>{_root}/f</path></target></pool>", StoragePoolCreateFlags.WithBuild, ct);
        // A qcow2 header that qemu-img cannot open: the header reader lists it (as raw), qemu-img convert then fails.
        var bad = Path.Combine(_root, "f", "bad.qcow2");
        var bytes = new byte[4096];
        bytes[0] = 0x51; bytes[1] = 0x46; bytes[2] = 0x49; bytes[3] = 0xfb; bytes[7] = 3; bytes[23] = 16; // magic, v3, cluster_bits 16, no L1
        File.WriteAllBytes(bad, bytes);
        await driver.RefreshPoolAsync(pool, ct);
        var src = driver.LookupVolume(pool, "bad.qcow2");

        var e = await Assert.ThrowsAsync<VirException>(() =>
            driver.CloneVolumeAsync(pool, "<volume><name>copy.qcow2</name><target><format type='qcow2'/></target></volume>", src, StorageVolCreateFlags.None, ct));
        Assert.Contains("qemu-img said:", e.Detail);
        Assert.Equal(["bad.qcow2"], Directory.GetFiles(Path.Combine(_root, "f")).Select(Path.GetFileName));
        Assert.Equal(["bad.qcow2"], driver.ListVolumes(pool).Select(v => v.Name));
        Assert.Equal("unsupported flags (0x8) in function storageVolCreateXMLFrom", (await Assert.ThrowsAsync<VirException>(() =>
            driver.CloneVolumeAsync(pool, "<volume><name>x</name></volume>", src, (StorageVolCreateFlags)8, ct))).Detail);
    }
}
