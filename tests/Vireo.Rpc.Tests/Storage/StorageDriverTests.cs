using Microsoft.Extensions.Logging.Abstractions;
using Vireo.Core.Errors;
using Vireo.Core.Storage;
using Vireo.Drivers.Storage;

namespace Vireo.Rpc.Tests.Storage;

/// <summary>
/// The storage driver's rules on a temp directory with the real file system and qemu-img: what survives a
/// daemon restart, what a failed operation leaves, which files a delete may touch, and its events.
/// </summary>
public sealed class StorageDriverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vireo-storage-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private StorageDriver NewDriver() =>
        new(new StoragePoolStore(Path.Combine(_root, "lib"), Path.Combine(_root, "run")), new LocalStorageHost(), NullLogger.Instance);

    private async Task<StorageDriver> StartedDriverAsync()
    {
        var driver = NewDriver();
        await driver.StartAsync(TestContext.Current.CancellationToken);
        return driver;
    }

    private string PoolXml(string name, string dir) => $"<pool type='dir'><name>{name}</name><target><path>{Path.Combine(_root, dir)}</path></target></pool>";

    [Fact]
    public async Task Active_and_autostart_pools_come_back_after_a_restart_and_a_transient_one_stays_active()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = NewDriver();
        await first.StartAsync(ct);
        var kept = await first.DefinePoolAsync(PoolXml("kept", "a"), ct);
        await first.BuildPoolAsync(kept, ct);
        await first.StartPoolAsync(kept, StoragePoolCreateFlags.None, ct);
        await first.SetPoolAutostartAsync(kept, true, ct);
        var idle = await first.DefinePoolAsync(PoolXml("idle", "b"), ct);
        var transient = await first.CreatePoolAsync(PoolXml("tr", "c"), StoragePoolCreateFlags.WithBuild, ct);
        await first.CreateVolumeAsync(kept, "<volume><name>v.qcow2</name><capacity unit='M'>4</capacity><target><format type='qcow2'/></target></volume>", StorageVolCreateFlags.None, ct);

        var second = NewDriver();
        await second.StartAsync(ct);
        Assert.Equal(["kept", "tr"], second.ListPools(StoragePoolListFlags.Active).Select(p => p.Name).Order());
        Assert.Equal(["idle"], second.ListPools(StoragePoolListFlags.Inactive).Select(p => p.Name));
        var keptInfo = second.PoolInfo(kept); // one read: the file system's sizes move between two
        Assert.Equal((StoragePoolState.Running, true, true), (keptInfo.State, keptInfo.Persistent, keptInfo.Autostart));
        Assert.False(second.PoolInfo(transient).Persistent);
        Assert.Equal(VolumeFormat.Qcow2, (await second.VolumeAsync(second.LookupVolume(kept, "v.qcow2"), ct)).Format);
        Assert.Equal(idle, second.LookupPoolByName("idle"));
    }

    [Fact]
    public async Task An_autostart_pool_left_stopped_is_started_by_the_next_daemon_and_a_failed_start_leaves_no_active_mark()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await StartedDriverAsync();
        var auto = await first.DefinePoolAsync(PoolXml("auto", "auto"), ct);
        await first.StartPoolAsync(auto, StoragePoolCreateFlags.WithBuild, ct);
        await first.SetPoolAutostartAsync(auto, true, ct);
        await first.DestroyPoolAsync(auto, ct);
        var missing = await first.DefinePoolAsync(PoolXml("missing", "not-there"), ct);
        var e = await Assert.ThrowsAsync<VirException>(() => first.StartPoolAsync(missing, StoragePoolCreateFlags.None, ct));
        Assert.Equal((VirErrorCode.SystemError, $"cannot open directory '{Path.Combine(_root, "not-there")}': No such file or directory"), (e.Code, e.Message));
        Assert.Equal(StoragePoolState.Inactive, first.PoolInfo(missing).State);
        Assert.Equal(["auto.xml", "missing.xml"], Directory.GetFiles(Path.Combine(_root, "lib", "storage")).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "run", "storage")));

        var second = await StartedDriverAsync();
        Assert.Equal(["auto"], second.ListPools(StoragePoolListFlags.Active | StoragePoolListFlags.Autostart).Select(p => p.Name));
        Assert.Equal(["missing"], second.ListPools(StoragePoolListFlags.Inactive).Select(p => p.Name));
    }

    [Fact]
    public async Task A_failed_volume_create_leaves_no_file_and_an_existing_file_is_never_replaced()
    {
        var ct = TestContext.Current.CancellationToken;
        var driver = await StartedDriverAsync();
        var pool = await driver.CreatePoolAsync(PoolXml("p", "p"), StoragePoolCreateFlags.WithBuild, ct);
        var dir = Path.Combine(_root, "p");

        var e = await Assert.ThrowsAsync<VirException>(() => driver.CreateVolumeAsync(pool,
            "<volume><name>o.qcow2</name><capacity>1048576</capacity><target><format type='qcow2'/></target><backingStore><path>/nonexistent/base.qcow2</path></backingStore></volume>", StorageVolCreateFlags.None, ct));
        Assert.Equal("inaccessible backing store volume /nonexistent/base.qcow2: No such file or directory", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));

        File.WriteAllText(Path.Combine(dir, "mine.img"), "precious"); // not yet seen by a refresh
        e = await Assert.ThrowsAsync<VirException>(() => driver.CreateVolumeAsync(pool, "<volume><name>mine.img</name><capacity>1048576</capacity></volume>", StorageVolCreateFlags.None, ct));
        Assert.Equal((VirErrorCode.StorageVolExist, "storage volume 'mine.img' exists already"), (e.Code, e.Message));
        Assert.Equal("precious", File.ReadAllText(Path.Combine(dir, "mine.img")));
    }

    [Fact]
    public async Task Delete_touches_only_a_listed_volume_and_a_stopped_pool_keeps_its_files()
    {
        var ct = TestContext.Current.CancellationToken;
        var driver = await StartedDriverAsync();
        var pool = await driver.CreatePoolAsync(PoolXml("d", "d"), StoragePoolCreateFlags.WithBuild, ct);
        var vol = await driver.CreateVolumeAsync(pool, "<volume><name>x.raw</name><capacity>4096</capacity><allocation>0</allocation></volume>", StorageVolCreateFlags.None, ct);
        var outside = Path.Combine(_root, "outside.raw");
        File.WriteAllText(outside, "keep");

        var e = await Assert.ThrowsAsync<VirException>(() => driver.DeleteVolumeAsync(new StorageVolRef("d", "../outside.raw", outside), ct));
        Assert.Equal("Storage volume not found: no storage vol with matching name '../outside.raw'", e.Message);
        Assert.True(File.Exists(outside));

        await driver.DeleteVolumeAsync(vol, ct);
        Assert.False(File.Exists(vol.Key));
        Assert.Empty(driver.ListVolumes(pool));
    }

    [Fact]
    public async Task A_stopped_pool_keeps_showing_its_last_sizes_and_directory_as_libvirt_does()
    {
        var ct = TestContext.Current.CancellationToken;
        var driver = await StartedDriverAsync();
        var pool = await driver.DefinePoolAsync(PoolXml("last", "last"), ct);
        Assert.Equal(default, driver.PoolInfo(pool).Sizes); // never started: zeros
        await driver.StartPoolAsync(pool, StoragePoolCreateFlags.WithBuild, ct);
        var running = driver.PoolInfo(pool).Sizes;
        Assert.NotEqual(0UL, running.Capacity);
        Assert.Equal(running.Capacity, running.Allocation + running.Available);
        await driver.DestroyPoolAsync(pool, ct);
        Assert.Equal((StoragePoolState.Inactive, running.Capacity), (driver.PoolInfo(pool).State, driver.PoolInfo(pool).Sizes.Capacity));
        Assert.Contains("<mode>0711</mode>", driver.PoolXml(pool, inactive: false));
    }

    [Fact]
    public async Task A_new_qcow2_is_version_2_unless_compat_1_1_is_asked_for_as_libvirt_makes_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var driver = await StartedDriverAsync();
        var pool = await driver.CreatePoolAsync(PoolXml("v3", "v3"), StoragePoolCreateFlags.WithBuild, ct);
        var v2 = await driver.CreateVolumeAsync(pool, "<volume><name>o.qcow2</name><capacity unit='M'>1</capacity><target><format type='qcow2'/></target></volume>", StorageVolCreateFlags.None, ct);
        Assert.Null((await driver.VolumeAsync(v2, ct)).Qcow2Features);
        var vol = await driver.CreateVolumeAsync(pool, "<volume><name>n.qcow2</name><capacity unit='M'>1</capacity><target><format type='qcow2'/><compat>1.1</compat></target></volume>", StorageVolCreateFlags.None, ct);
        var report = await driver.VolumeAsync(vol, ct);
        Assert.Equal((new Qcow2Features("1.1", false), 65536UL, 1UL << 20), (report.Qcow2Features, report.ClusterSize, report.Capacity));
        Assert.Contains("    <compat>1.1</compat>\n    <clusterSize unit='B'>65536</clusterSize>\n    <features/>\n", StorageVolXml.Format(report));
    }

    [Fact]
    public async Task Virt_installs_volume_request_makes_a_qcow2_with_lazy_refcounts_and_preallocated_metadata()
    {
        var ct = TestContext.Current.CancellationToken;
        var driver = await StartedDriverAsync();
        var pool = await driver.CreatePoolAsync(PoolXml("vi", "vi"), StoragePoolCreateFlags.WithBuild, ct);
        // What virt-install 4.1 sends for --disk pool=P,size=1 (its --debug log), with flags=1 (PREALLOC_METADATA).
        var xml = "<volume><name>web1.qcow2</name><capacity>1073741824</capacity><allocation>0</allocation>" +
            "<target><format type=\"qcow2\"/><features><lazy_refcounts/></features></target></volume>";
        var report = await driver.VolumeAsync(await driver.CreateVolumeAsync(pool, xml, StorageVolCreateFlags.PreallocMetadata, ct), ct);
        Assert.Equal((new Qcow2Features("1.1", true), 1UL << 30), (report.Qcow2Features, report.Capacity));
        Assert.True(report.Allocation > 256 * 1024, $"metadata preallocation writes the L2 tables of the whole image, but only {report.Allocation} bytes are allocated");
        Assert.Contains("    <features>\n      <lazy_refcounts/>\n    </features>\n", StorageVolXml.Format(report));
    }

    [Fact]
    public async Task Pool_changes_raise_libvirts_lifecycle_and_refresh_events()
    {
        var ct = TestContext.Current.CancellationToken;
        var driver = await StartedDriverAsync();
        var seen = new List<StoragePoolEventType?>();
        driver.Changed += e => seen.Add(e.Type);
        var pool = await driver.DefinePoolAsync(PoolXml("ev", "ev"), ct);
        await driver.BuildPoolAsync(pool, ct);
        await driver.StartPoolAsync(pool, StoragePoolCreateFlags.None, ct);
        await driver.RefreshPoolAsync(pool, ct);
        await driver.DestroyPoolAsync(pool, ct);
        await driver.UndefinePoolAsync(pool, ct);
        // libvirtd 9.0 sent the same sequence for the same calls (python-libvirt, checked by hand).
        Assert.Equal([StoragePoolEventType.Defined, StoragePoolEventType.Created, StoragePoolEventType.Started, null, StoragePoolEventType.Stopped,
            StoragePoolEventType.Undefined], seen);
    }
}
