using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Storage;

/// <summary>
/// Directory pools and volumes through Debian's virsh against vireod's composition (ServedEngine): the
/// pool-* and vol-* basics, libvirt's refusals word for word (checked against libvirtd 9.0's storage
/// driver by hand), and python-libvirt's listAllStoragePools / storageVolLookupByPath.
/// </summary>
public sealed class StoragePoolVirshTests
{
    [Fact]
    public async Task A_dir_pool_is_defined_built_started_filled_and_removed_with_virsh()
    {
        await using var served = await ServedEngine.StartAsync();
        var pool = DemoKit.UniqueName("pool");
        var dir = Path.Combine(served.RootPath, "images");

        Assert.Equal($"Pool {pool} defined\n\n", await served.VirshOkAsync("pool-define-as", pool, "dir", "--target", dir));
        Assert.Contains("Requested operation is not valid: storage pool", await served.VirshFailsAsync("vol-list", pool));
        Assert.Equal($"error: Failed to start pool {pool}\nerror: cannot open directory '{dir}': No such file or directory",
            (await served.VirshFailsAsync("pool-start", pool)).Trim());
        Assert.Equal($"Pool {pool} built\n\n", await served.VirshOkAsync("pool-build", pool));
        Assert.True(Directory.Exists(dir));
        Assert.Equal($"Pool {pool} started\n\n", await served.VirshOkAsync("pool-start", pool));
        Assert.Equal($"Pool {pool} marked as autostarted\n\n", await served.VirshOkAsync("pool-autostart", pool));
        Assert.Matches($@"^ {pool}\s+active\s+yes\s*$", (await served.VirshOkAsync("pool-list", "--all")).Split('\n')[2]);
        var info = await served.VirshOkAsync("pool-info", pool);
        Assert.Matches(@"State:\s+running", info);
        Assert.Matches(@"Autostart:\s+yes", info);
        Assert.Matches(@"Capacity:\s+\d", info);
        var xml = await served.VirshOkAsync("pool-dumpxml", pool);
        Assert.Contains($"<path>{dir}</path>", xml);
        Assert.Contains("<mode>0711</mode>", xml); // pool-build's directory, as libvirt makes it

        Assert.Equal("Vol a.qcow2 created\n\n", await served.VirshOkAsync("vol-create-as", pool, "a.qcow2", "64M", "--format", "qcow2"));
        Assert.Equal("Vol b.img created\n\n", await served.VirshOkAsync("vol-create-as", pool, "b.img", "8M", "--format", "raw", "--allocation", "0"));
        Assert.Equal("error: Failed to create vol a.qcow2\nerror: storage volume 'a.qcow2' exists already",
            (await served.VirshFailsAsync("vol-create-as", pool, "a.qcow2", "1M")).Trim());
        File.WriteAllText(Path.Combine(dir, "later.raw"), "data");
        await served.VirshOkAsync("pool-refresh", pool);
        var list = await served.VirshOkAsync("vol-list", pool);
        foreach (var name in new[] { "a.qcow2", "b.img", "later.raw" }) Assert.Contains($" {name} ", list);
        Assert.Matches(@"Capacity:\s+64\.00 MiB", await served.VirshOkAsync("vol-info", "a.qcow2", "--pool", pool));
        var bInfo = await served.VirshOkAsync("vol-info", "--pool", pool, "b.img");
        Assert.Matches(@"Capacity:\s+8\.00 MiB", bInfo);
        Assert.Matches(@"Allocation:\s+0\.00 B", bInfo); // sparse
        var volXml = await served.VirshOkAsync("vol-dumpxml", "a.qcow2", "--pool", pool);
        Assert.Contains("<format type='qcow2'/>", volXml);
        Assert.Contains($"<key>{dir}/a.qcow2</key>", volXml);
        Assert.Contains("<capacity unit='bytes'>67108864</capacity>", volXml);
        Assert.Equal($"{dir}/a.qcow2", (await served.VirshOkAsync("vol-path", "a.qcow2", "--pool", pool)).Trim());
        Assert.Contains("\"format\": \"qcow2\"", await ProcessRunner.OkAsync("qemu-img", "info", "-U", "--output=json", Path.Combine(dir, "a.qcow2")));

        Assert.Equal("error: failed to get vol 'nope'\nerror: Storage volume not found: no storage vol with matching path 'nope'",
            (await served.VirshFailsAsync("vol-info", "nope", "--pool", pool)).Trim());
        Assert.Equal("error: failed to get pool 'nope'\nerror: Storage pool not found: no storage pool with matching name 'nope'",
            (await served.VirshFailsAsync("pool-info", "nope")).Trim());
        Assert.Equal($"error: Failed to undefine pool {pool}\nerror: Requested operation is not valid: storage pool '{pool}' is still active",
            (await served.VirshFailsAsync("pool-undefine", pool)).Trim());

        Assert.Equal("Vol b.img deleted\n\n", await served.VirshOkAsync("vol-delete", "b.img", "--pool", pool));
        Assert.False(File.Exists(Path.Combine(dir, "b.img")));
        Assert.True(File.Exists(Path.Combine(dir, "a.qcow2")));

        Assert.Equal($"Pool {pool} destroyed\n\n", await served.VirshOkAsync("pool-destroy", pool));
        Assert.Equal($"error: Failed to destroy pool {pool}\nerror: Requested operation is not valid: storage pool '{pool}' is not active",
            (await served.VirshFailsAsync("pool-destroy", pool)).Trim());
        Assert.True(File.Exists(Path.Combine(dir, "a.qcow2"))); // stopping a pool keeps its files
        Assert.Equal($"Pool {pool} has been undefined\n\n", await served.VirshOkAsync("pool-undefine", pool));
        Assert.DoesNotContain(pool, await served.VirshOkAsync("pool-list", "--all"));
        Assert.True(File.Exists(Path.Combine(dir, "a.qcow2")));
    }

    [Fact]
    public async Task Volumes_are_resized_with_libvirts_rules_and_words()
    {
        await using var served = await ServedEngine.StartAsync();
        var pool = DemoKit.UniqueName("rs");
        var dir = Path.Combine(served.RootPath, "rs");
        await served.VirshOkAsync("pool-create-as", pool, "dir", "--target", dir, "--build");
        await served.VirshOkAsync("vol-create-as", pool, "r.raw", "4M", "--format", "raw");
        await served.VirshOkAsync("vol-create-as", pool, "r.qcow2", "4M", "--format", "qcow2");
        await served.VirshOkAsync("vol-create-as", pool, "s.raw", "4M", "--allocation", "0");

        // Outputs and refusals as libvirtd 9.0 gave them for the same commands.
        Assert.Equal("error: Failed to change size of volume 'r.raw' to 2M\nerror: invalid argument: can't shrink capacity below existing allocation",
            (await served.VirshFailsAsync("vol-resize", "r.raw", "2M", "--pool", pool, "--shrink")).Trim());
        Assert.Equal("error: Failed to change size of volume 's.raw' to 1M\nerror: invalid argument: Can't shrink capacity below current capacity unless shrink flag explicitly specified",
            (await served.VirshFailsAsync("vol-resize", "s.raw", "1M", "--pool", pool)).Trim());
        Assert.Equal("Size of volume 'r.raw' successfully changed to 8M\n\n", await served.VirshOkAsync("vol-resize", "r.raw", "8M", "--pool", pool));
        Assert.Equal(8L << 20, new FileInfo(Path.Combine(dir, "r.raw")).Length);
        Assert.Equal("Size of volume 's.raw' successfully changed to 1M\n\n", await served.VirshOkAsync("vol-resize", "s.raw", "1M", "--pool", pool, "--shrink"));
        Assert.Equal(1L << 20, new FileInfo(Path.Combine(dir, "s.raw")).Length);
        Assert.Equal("Size of volume 'r.qcow2' successfully changed by +1M\n\n", await served.VirshOkAsync("vol-resize", "r.qcow2", "+1M", "--pool", pool, "--delta"));
        Assert.Matches(@"Capacity:\s+5242880 bytes", await served.VirshOkAsync("vol-info", "r.qcow2", "--pool", pool, "--bytes"));
        Assert.Contains("\"virtual-size\": 5242880", await ProcessRunner.OkAsync("qemu-img", "info", "-U", "--output=json", Path.Combine(dir, "r.qcow2")));
        Assert.Matches(@"Physical:\s+\d+ bytes", await served.VirshOkAsync("vol-info", "r.qcow2", "--pool", pool, "--bytes", "--physical"));
        await served.VirshOkAsync("vol-resize", "s.raw", "2M", "--pool", pool, "--allocate");
        Assert.Matches(@"Allocation:\s+1\.00 MiB", await served.VirshOkAsync("vol-info", "s.raw", "--pool", pool)); // the grown MiB is reserved
    }

    [Fact]
    public async Task Python_libvirt_lists_pools_and_finds_a_volume_by_its_path()
    {
        await using var served = await ServedEngine.StartAsync();
        var pool = DemoKit.UniqueName("pypool");
        var dir = Directory.CreateDirectory(Path.Combine(served.RootPath, "py")).FullName;
        await ProcessRunner.OkAsync("qemu-img", "create", "-q", "-f", "qcow2", Path.Combine(dir, "disk.qcow2"), "16M");
        await served.VirshOkAsync("pool-define-as", pool, "dir", "--target", dir);
        await served.VirshOkAsync("pool-start", pool);
        var script = served.WriteFile("storage.py", """
            import libvirt, sys
            c = libvirt.open(sys.argv[1])
            print([p.name() for p in c.listAllStoragePools()])
            v = c.storageVolLookupByPath(sys.argv[2])
            print(v.name(), v.key() == sys.argv[2], v.storagePoolLookupByVolume().name(), v.info())
            print(c.storagePoolLookupByTargetPath(sys.argv[2].rsplit("/", 1)[0] + "/").name())
            try:
                c.storageVolLookupByPath(sys.argv[2] + ".missing")
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
            """);
        var path = Path.Combine(dir, "disk.qcow2");
        var output = await ProcessRunner.OkAsync("/usr/bin/python3", script, served.Uri, path);
        var lines = output.Split('\n');
        Assert.Equal($"['{pool}']", lines[0]);
        Assert.Matches($@"^disk\.qcow2 True {pool} \[0, 16777216, \d+\]$", lines[1]);
        Assert.Equal(pool, lines[2]); // lookup by target path, with libvirt's trailing-slash cleanup
        Assert.Equal($"50 18 Storage volume not found: no storage vol with matching path '{path}.missing'", lines[3]);
    }
}
