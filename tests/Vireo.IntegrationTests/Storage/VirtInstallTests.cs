using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Storage;

/// <summary>
/// Debian's virt-install against vireod's composition: its disk handling goes through the storage API
/// (listAllStoragePools decides that the connection has storage; a path outside every pool gets a dir
/// pool defined, started and autostarted for its directory; size= creates a volume), so these are the
/// forms users type, end to end.
/// </summary>
public sealed class VirtInstallTests
{
    private static async Task<ProgramResult> VirtInstallAsync(ServedEngine served, string name, params string[] disk) =>
        await ProcessRunner.RunAsync("virt-install",
        [
            "--connect", served.Uri, "--name", name, "--memory", "128", "--import", .. disk,
            "--osinfo", "detect=on,require=off", "--virt-type", "qemu", "--graphics", "none", "--network", "none", "--noautoconsole",
        ]);

    [Fact]
    public async Task Import_of_an_existing_image_defines_a_guest_on_that_file_and_a_pool_for_its_directory()
    {
        Assert.True(File.Exists("/usr/bin/virt-install"), "virt-install is not installed: scripts/setup.sh installs it (package virtinst).");
        await using var served = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("web");
        var dir = Directory.CreateDirectory(Path.Combine(served.RootPath, "vm-images")).FullName;
        var image = Path.Combine(dir, name + ".qcow2");
        await ProcessRunner.OkAsync("qemu-img", "create", "-q", "-f", "qcow2", image, "64M");

        var r = await VirtInstallAsync(served, name, "--disk", image);
        Assert.True(r.ExitCode == 0, $"virt-install: {r}");

        Assert.Contains(name, await served.VirshOkAsync("list", "--all", "--name"));
        var xml = await served.VirshOkAsync("dumpxml", name);
        Assert.Contains($"<source file='{image}'", xml);
        // virt-install made the file's directory a pool (named after it), started and autostarted.
        Assert.Matches(@"^ vm-images\s+active\s+yes\s*$", (await served.VirshOkAsync("pool-list", "--all")).Split('\n')[2]);
        Assert.Equal(image, (await served.VirshOkAsync("vol-path", $"{name}.qcow2", "--pool", "vm-images")).Trim());
    }

    [Fact]
    public async Task A_disk_of_a_given_size_in_a_pool_is_created_as_a_new_qcow2_volume()
    {
        Assert.True(File.Exists("/usr/bin/virt-install"), "virt-install is not installed: scripts/setup.sh installs it (package virtinst).");
        await using var served = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("db");
        var pool = DemoKit.UniqueName("vipool");
        var dir = Path.Combine(served.RootPath, "pool");
        await served.VirshOkAsync("pool-define-as", pool, "dir", "--target", dir);
        await served.VirshOkAsync("pool-build", pool);
        await served.VirshOkAsync("pool-start", pool);

        var r = await VirtInstallAsync(served, name, "--disk", $"pool={pool},size=1");
        Assert.True(r.ExitCode == 0, $"virt-install: {r}");

        var volume = Path.Combine(dir, name + ".qcow2");
        Assert.Contains($" {name}.qcow2 ", await served.VirshOkAsync("vol-list", pool));
        var info = await ProcessRunner.OkAsync("qemu-img", "info", "-U", "--output=json", volume);
        Assert.Contains("\"format\": \"qcow2\"", info);
        Assert.Contains("\"virtual-size\": 1073741824", info);
        Assert.Contains("\"lazy-refcounts\": true", info); // virt-install asks for <lazy_refcounts/>
        Assert.Contains(name, await served.VirshOkAsync("list", "--all", "--name"));
        Assert.Contains($"<source file='{volume}'", await served.VirshOkAsync("dumpxml", name));
    }
}
