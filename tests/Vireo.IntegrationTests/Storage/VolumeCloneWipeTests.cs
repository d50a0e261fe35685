using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Storage;

/// <summary>
/// vol-clone (virStorageVolCreateXMLFrom), vol-wipe and pool-delete through Debian's virsh, and virt-clone
/// end to end, against vireod's composition. Outputs and refusals are libvirtd 9.0's for the same commands
/// (its sandboxed storage driver, bench/rpc/libvirtd-sandbox.sh).
/// </summary>
public sealed class VolumeCloneWipeTests
{
    private static async Task<(ServedEngine Served, string Pool, string Dir)> PoolAsync(string prefix)
    {
        var served = await ServedEngine.StartAsync();
        var pool = DemoKit.UniqueName(prefix);
        var dir = Path.Combine(served.RootPath, prefix);
        await served.VirshOkAsync("pool-create-as", pool, "dir", "--target", dir, "--build");
        return (served, pool, dir);
    }

    private static Task<string> QemuIoAsync(string format, string command, string path) =>
        ProcessRunner.OkAsync("qemu-io", "-f", format, "-c", command, path);

    [Fact]
    public async Task Vol_clone_copies_qcow2_and_raw_volumes_with_their_data_and_refuses_a_name_in_use()
    {
        var (served, pool, dir) = await PoolAsync("cl");
        await using var _ = served;
        await served.VirshOkAsync("vol-create-as", pool, "a.qcow2", "64M", "--format", "qcow2");
        await served.VirshOkAsync("vol-create-as", pool, "r.raw", "4M", "--format", "raw", "--allocation", "0");
        await QemuIoAsync("qcow2", "write -P 0x5a 1M 64k", Path.Combine(dir, "a.qcow2"));
        await QemuIoAsync("raw", "write -P 0x3c 0 4k", Path.Combine(dir, "r.raw"));

        Assert.Equal("Vol b.qcow2 cloned from a.qcow2\n\n", await served.VirshOkAsync("vol-clone", "a.qcow2", "b.qcow2", "--pool", pool));
        Assert.Equal("Vol r2.raw cloned from r.raw\n\n", await served.VirshOkAsync("vol-clone", "r.raw", "r2.raw", "--pool", pool));
        Assert.Contains("Images are identical", await ProcessRunner.OkAsync("qemu-img", "compare", Path.Combine(dir, "a.qcow2"), Path.Combine(dir, "b.qcow2")));
        Assert.Contains("Images are identical", await ProcessRunner.OkAsync("qemu-img", "compare", Path.Combine(dir, "r.raw"), Path.Combine(dir, "r2.raw")));
        var bXml = await served.VirshOkAsync("vol-dumpxml", "b.qcow2", "--pool", pool);
        Assert.Contains("<format type='qcow2'/>", bXml);
        Assert.Contains("<capacity unit='bytes'>67108864</capacity>", bXml);
        Assert.Contains("<mode>0600</mode>", bXml);
        // virsh sent the source's XML (allocation 0 for the sparse raw file): the copy stays sparse.
        Assert.Equal(4L << 20, new FileInfo(Path.Combine(dir, "r2.raw")).Length);
        Assert.Matches(@"Allocation:\s+4\.00 KiB", await served.VirshOkAsync("vol-info", "r2.raw", "--pool", pool));
        Assert.Contains(" b.qcow2 ", await served.VirshOkAsync("vol-list", pool));
        Assert.Empty(Directory.GetFiles(dir, ".*")); // no temp file left behind

        Assert.Equal("error: Failed to clone vol from a.qcow2\nerror: internal error: storage volume name 'b.qcow2' already in use.",
            (await served.VirshFailsAsync("vol-clone", "a.qcow2", "b.qcow2", "--pool", pool)).Trim());

        // vol-create-from: another format, and a capacity larger than the source's.
        var raw = served.WriteFile("c.xml", "<volume><name>c.raw</name><target><format type='raw'/></target></volume>");
        Assert.Equal("Vol c.raw created from input vol a.qcow2\n\n", await served.VirshOkAsync("vol-create-from", pool, raw, "a.qcow2", "--inputpool", pool));
        Assert.Contains("\"format\": \"raw\"", await ProcessRunner.OkAsync("qemu-img", "info", "--output=json", Path.Combine(dir, "c.raw")));
        Assert.Contains("Images are identical", await ProcessRunner.OkAsync("qemu-img", "compare", "-f", "qcow2", "-F", "raw", Path.Combine(dir, "a.qcow2"), Path.Combine(dir, "c.raw")));
        var big = served.WriteFile("big.xml", "<volume><name>big.raw</name><capacity unit='M'>8</capacity><target><format type='raw'/></target></volume>");
        await served.VirshOkAsync("vol-create-from", pool, big, "r.raw", "--inputpool", pool);
        var bigInfo = await served.VirshOkAsync("vol-info", "big.raw", "--pool", pool);
        Assert.Matches(@"Capacity:\s+8\.00 MiB", bigInfo);
        Assert.Matches(@"Allocation:\s+8\.00 MiB", bigInfo); // no <allocation>: the whole capacity, as libvirt's raw volumes
    }

    [Fact]
    public async Task Virt_clone_auto_clone_defines_a_new_domain_on_a_copied_disk_that_boots()
    {
        Assert.True(File.Exists("/usr/bin/virt-clone"), "virt-clone is not installed: scripts/setup.sh installs it (package virtinst).");
        var (served, pool, dir) = await PoolAsync("vc");
        await using var _ = served;
        var name = DemoKit.UniqueName("orig");
        var disk = Path.Combine(dir, name + ".qcow2");
        await served.VirshOkAsync("vol-create-as", pool, name + ".qcow2", "32M", "--format", "qcow2");
        await QemuIoAsync("qcow2", "write -P 0x77 0 64k", disk);
        await served.VirshDefineAsync(name, xml => xml.Replace("<devices>",
            $"<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{disk}'/><target dev='vda' bus='virtio'/></disk>",
            StringComparison.Ordinal));

        var clone = name + "-c";
        var r = await ProcessRunner.RunAsync("virt-clone", ["--connect", served.Uri, "--original", name, "--name", clone, "--auto-clone"]);
        Assert.True(r.ExitCode == 0, $"virt-clone: {r}");

        var xml = await served.VirshOkAsync("dumpxml", clone);
        var cloneDisk = System.Text.RegularExpressions.Regex.Match(xml, "<source file='([^']+)'").Groups[1].Value;
        Assert.StartsWith(dir + "/", cloneDisk);
        Assert.NotEqual(disk, cloneDisk);
        Assert.Contains($" {Path.GetFileName(cloneDisk)} ", await served.VirshOkAsync("vol-list", pool));
        Assert.Contains("Images are identical", await ProcessRunner.OkAsync("qemu-img", "compare", disk, cloneDisk));
        // virt-clone copied through the storage API (virStorageVolCreateXMLFrom), not by itself.
        Assert.Contains($"cloned into storage pool '{pool}' from '{disk}'", served.Logs.All);
        Assert.Contains($"<source file='{disk}'", await served.VirshOkAsync("dumpxml", name)); // the original is untouched

        await served.VirshOkAsync("start", clone);
        await using var console = await served.ReadyConsoleAsync(clone);
        Assert.Matches(@"running", await served.VirshOkAsync("domstate", clone));
        await served.VirshOkAsync("destroy", clone);
    }

    [Fact]
    public async Task Vol_wipe_zeroes_raw_and_qcow2_volumes_as_libvirt_does_and_refuses_trim()
    {
        var (served, pool, dir) = await PoolAsync("wp");
        await using var _ = served;
        var raw = Path.Combine(dir, "r.raw");
        var qcow = Path.Combine(dir, "q.qcow2");
        await served.VirshOkAsync("vol-create-as", pool, "r.raw", "4M", "--format", "raw");
        await served.VirshOkAsync("vol-create-as", pool, "s.raw", "4M", "--format", "raw", "--allocation", "0");
        await served.VirshOkAsync("vol-create-as", pool, "q.qcow2", "64M", "--format", "qcow2");
        await QemuIoAsync("raw", "write -P 0x11 0 1M", raw);
        await QemuIoAsync("raw", "write -P 0x22 1M 4k", Path.Combine(dir, "s.raw"));

        Assert.Equal("Vol r.raw wiped\n\n", await served.VirshOkAsync("vol-wipe", "r.raw", "--pool", pool));
        Assert.Contains("read 4194304/4194304", await QemuIoAsync("raw", "read -P 0 0 4M", raw)); // qemu-io checks the pattern
        Assert.DoesNotContain("Pattern verification failed", await QemuIoAsync("raw", "read -P 0 0 4M", raw));
        Assert.Equal("Vol s.raw wiped\n\n", await served.VirshOkAsync("vol-wipe", "s.raw", "--pool", pool, "--algorithm", "zero"));
        Assert.DoesNotContain("Pattern verification failed", await QemuIoAsync("raw", "read -P 0 0 4M", Path.Combine(dir, "s.raw")));
        Assert.Equal(4L << 20, new FileInfo(Path.Combine(dir, "s.raw")).Length);

        // A qcow2 file is overwritten with zeros over its allocation: what is left is a raw file (libvirtd 9.0 lists it so too).
        var allocation = (await served.VirshOkAsync("vol-dumpxml", "q.qcow2", "--pool", pool)).Split("<allocation unit='bytes'>")[1].Split('<')[0];
        Assert.Equal("Vol q.qcow2 wiped\n\n", await served.VirshOkAsync("vol-wipe", "q.qcow2", "--pool", pool));
        var after = await served.VirshOkAsync("vol-dumpxml", "q.qcow2", "--pool", pool);
        Assert.Contains("<format type='raw'/>", after);
        Assert.Contains($"<capacity unit='bytes'>{allocation}</capacity>", after);
        Assert.All(File.ReadAllBytes(qcow), b => Assert.Equal(0, b));

        Assert.Equal("error: Failed to wipe vol r.raw\nerror: argument unsupported: 'trim' algorithm not supported",
            (await served.VirshFailsAsync("vol-wipe", "r.raw", "--pool", pool, "--algorithm", "trim")).Trim());
        if (!File.Exists("/usr/bin/scrub") && !File.Exists("/usr/sbin/scrub"))
            Assert.Equal("error: Failed to wipe vol r.raw\nerror: Cannot find 'scrub' in path: No such file or directory",
                (await served.VirshFailsAsync("vol-wipe", "r.raw", "--pool", pool, "--algorithm", "nnsa")).Trim());
        else
            Assert.Equal("Vol r.raw wiped\n\n", await served.VirshOkAsync("vol-wipe", "r.raw", "--pool", pool, "--algorithm", "nnsa"));
    }

    [Fact]
    public async Task Pool_delete_removes_an_empty_directory_and_refuses_an_active_or_non_empty_pool()
    {
        await using var served = await ServedEngine.StartAsync();
        var pool = DemoKit.UniqueName("pd");
        var dir = Path.Combine(served.RootPath, "pd");
        await served.VirshOkAsync("pool-define-as", pool, "dir", "--target", dir);
        await served.VirshOkAsync("pool-build", pool);
        await served.VirshOkAsync("pool-start", pool);
        await served.VirshOkAsync("vol-create-as", pool, "keep.raw", "1M");

        Assert.Equal($"error: Failed to delete pool {pool}\nerror: Requested operation is not valid: storage pool '{pool}' is still active",
            (await served.VirshFailsAsync("pool-delete", pool)).Trim());
        await served.VirshOkAsync("pool-destroy", pool);
        Assert.Equal($"error: Failed to delete pool {pool}\nerror: failed to remove pool '{dir}': Directory not empty",
            (await served.VirshFailsAsync("pool-delete", pool)).Trim());
        Assert.True(File.Exists(Path.Combine(dir, "keep.raw"))); // a refused delete touches nothing

        File.Delete(Path.Combine(dir, "keep.raw"));
        Assert.Equal($"Pool {pool} deleted\n\n", await served.VirshOkAsync("pool-delete", pool));
        Assert.False(Directory.Exists(dir));
        Assert.Matches(@"State:\s+inactive", await served.VirshOkAsync("pool-info", pool)); // still defined, as with libvirt
        Assert.Equal($"error: Failed to delete pool {pool}\nerror: failed to remove pool '{dir}': No such file or directory",
            (await served.VirshFailsAsync("pool-delete", pool)).Trim());
    }

    [Fact]
    public async Task Python_libvirt_gets_defined_created_deleted_undefined_for_a_pool_built_and_deleted()
    {
        await using var served = await ServedEngine.StartAsync();
        var script = served.WriteFile("pool-delete-events.py", """
            import libvirt, sys, time
            libvirt.virEventRegisterDefaultImpl()
            c = libvirt.open(sys.argv[1])
            got = []
            c.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, lambda conn, pool, event, detail, opaque: got.append(event), None)
            p = c.storagePoolDefineXML("<pool type='dir'><name>pdev</name><target><path>%s</path></target></pool>" % sys.argv[2])
            p.build(0)
            p.delete(0)
            p.undefine()
            deadline = time.time() + 30
            while time.time() < deadline and len(got) < 4:
                libvirt.virEventRunDefaultImpl()
            print(got)
            """);
        var dir = Path.Combine(served.RootPath, "pdev");
        // libvirtd 9.0 sends DEFINED (0), CREATED (4), DELETED (5), UNDEFINED (1) for the same calls.
        Assert.Equal("[0, 4, 5, 1]", (await ProcessRunner.OkAsync("/usr/bin/python3", script, served.Uri, dir)).Trim());
        Assert.False(Directory.Exists(dir));
    }
}
