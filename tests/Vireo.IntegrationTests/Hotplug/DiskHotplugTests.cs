using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Network;
using Vireo.IntegrationTests.Network.Support;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Hotplug;

/// <summary>
/// virsh attach-disk / detach-disk (and vireo's) on a running demo guest: the guest's kernel sees the
/// disk appear and go (/proc/partitions), QEMU holds the image only while it is attached, --config and
/// --persistent change the saved definition, and refusals change nothing.
/// </summary>
public sealed class DiskHotplugTests
{
    [Fact]
    public async Task Attach_disk_live_shows_the_disk_in_the_guest_and_detach_disk_removes_it()
    {
        VirshRequired.Check();
        await using var e = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("hpd");
        var image = await ImageAsync(e, "hp1.qcow2", 64);
        await e.VirshOkAsync("define", e.WriteFile(name + ".xml", GuestXml.Demo(name)));
        await e.VirshOkAsync("start", name);
        await using var c = await e.ConsoleAsync(name);
        await c.WaitUntilReadyAsync();
        await c.QuietKernelAsync(); // virtio-blk's hot-plug messages stay in dmesg, out of the commands' output
        Assert.DoesNotMatch(@"\bvd[a-z]\b", await c.RunAsync("cat /proc/partitions"));

        Assert.Equal("Disk attached successfully\n\n", await e.VirshOkAsync("attach-disk", name, image, "vdb", "--subdriver", "qcow2", "--live"));
        // 64 MiB = 65536 blocks of 1 KiB in /proc/partitions, once the guest has probed the new PCI device. (The
        // guest's kernel names virtio disks in the order it finds them: the target name is only a hint.)
        await Guest.EventuallyAsync(c, "cat /proc/partitions", Sized(64));
        Assert.Matches(new Regex($@"^ vdb\s+{Regex.Escape(image)}$", RegexOptions.Multiline), await e.VirshOkAsync("domblklist", name));
        Assert.DoesNotContain("vdb", await e.VirshOkAsync("domblklist", name, "--inactive")); // --live only
        var blocks = (await e.QmpAsync(name, Vireo.Qemu.Qmp.QmpCommands.QueryBlock()))!.ToJsonString();
        Assert.Contains(image, blocks);

        // The guest writes to it: the disk is really there, not just listed.
        Assert.Contains("1+0 records out", await c.RunAsync("dd if=/dev/zero of=/dev/vda bs=4096 count=1 2>&1"));

        Assert.Equal("Disk detached successfully\n\n", await e.VirshOkAsync("detach-disk", name, "vdb", "--live"));
        await Guest.EventuallyAsync(c, "cat /proc/partitions; echo partitions-read", @"partitions-read", mustNotMatch: @"\bvd[a-z]\b");
        Assert.DoesNotContain("vdb", await e.VirshOkAsync("domblklist", name));
        Assert.DoesNotContain(image, (await e.QmpAsync(name, Vireo.Qemu.Qmp.QmpCommands.QueryNamedBlockNodes()))!.ToJsonString()); // the image is closed

        // vireo does the same through the same API.
        Assert.Equal("Disk attached successfully\n\n", await e.VireoOkAsync("attach-disk", name, image, "vdc", "--subdriver", "qcow2", "--live"));
        await Guest.EventuallyAsync(c, "cat /proc/partitions", Sized(64));
        Assert.Equal("Disk detached successfully\n\n", await e.VireoOkAsync("detach-disk", name, "vdc", "--live"));
        await Guest.EventuallyAsync(c, "cat /proc/partitions; echo partitions-read", @"partitions-read", mustNotMatch: @"\bvd[a-z]\b");
    }

    [Fact]
    public async Task Config_and_persistent_change_the_saved_definition_and_errors_change_nothing()
    {
        VirshRequired.Check();
        await using var e = await ServedEngine.StartAsync();
        var name = DemoKit.UniqueName("hpc");
        var image = await ImageAsync(e, "hp2.qcow2", 64);
        await e.VirshOkAsync("define", e.WriteFile(name + ".xml", GuestXml.Demo(name)));

        // Shut off: --live is refused; --current means the saved definition.
        var r = await e.VirshAsync("attach-disk", name, image, "vdb", "--live");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error: Requested operation is not valid: domain is not running", r.Stderr);
        Assert.Equal("Disk attached successfully\n\n", await e.VirshOkAsync("attach-disk", name, image, "vdb", "--subdriver", "qcow2", "--current"));
        Assert.Contains("<target dev='vdb'", File.ReadAllText(Path.Combine(e.Paths.ConfigDir, name + ".xml")));

        // A second disk on the same target is refused, and the definition stays as it was.
        var saved = File.ReadAllText(Path.Combine(e.Paths.ConfigDir, name + ".xml"));
        r = await e.VirshAsync("attach-disk", name, image, "vdb", "--config");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"target 'vdb' already exists in domain '{name}'", r.Stderr);
        Assert.Equal(saved, File.ReadAllText(Path.Combine(e.Paths.ConfigDir, name + ".xml")));

        // Started with it: the guest has vdb from power-on.
        await e.VirshOkAsync("start", name);
        await using var c = await e.ConsoleAsync(name);
        await c.WaitUntilReadyAsync();
        await c.QuietKernelAsync();
        Assert.Matches(Sized(64), await c.RunAsync("cat /proc/partitions"));

        // --config on a running guest: saved definition only; --persistent: both.
        var image2 = await ImageAsync(e, "hp3.qcow2", 32);
        await e.VirshOkAsync("attach-disk", name, image2, "vdc", "--subdriver", "qcow2", "--config");
        Assert.Contains("vdc", await e.VirshOkAsync("domblklist", name, "--inactive"));
        Assert.DoesNotContain("vdc", await e.VirshOkAsync("domblklist", name));
        await e.VirshOkAsync("detach-disk", name, "vdc", "--config");
        Assert.DoesNotContain("vdc", await e.VirshOkAsync("domblklist", name, "--inactive"));

        await e.VirshOkAsync("attach-disk", name, image2, "vdd", "--subdriver", "qcow2", "--persistent");
        Assert.Contains("vdd", await e.VirshOkAsync("domblklist", name, "--inactive"));
        Assert.Contains("vdd", await e.VirshOkAsync("domblklist", name));
        await Guest.EventuallyAsync(c, "cat /proc/partitions", Sized(32));
        await e.VirshOkAsync("detach-disk", name, "vdd", "--persistent");
        Assert.DoesNotContain("vdd", await e.VirshOkAsync("domblklist", name, "--inactive"));
        await Guest.EventuallyAsync(c, "cat /proc/partitions; echo partitions-read", @"partitions-read", mustNotMatch: Sized(32));

        // An unknown disk: virsh finds none itself; through the API (detach-device) our error names it.
        r = await e.VirshAsync("detach-disk", name, "vdz", "--live");
        Assert.Equal(1, r.ExitCode);
        var xml = e.WriteFile("vdz.xml", $"<disk type='file' device='disk'><source file='{image}'/><target dev='vdz' bus='virtio'/></disk>");
        r = await e.VirshAsync("detach-device", name, xml, "--live");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"error: device not found: domain '{name}' has no disk with target 'vdz'", r.Stderr);
        r = await e.VirshAsync("attach-disk", name, image, "vdb", "--live");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"target 'vdb' already exists in domain '{name}'", r.Stderr);
        Assert.Matches(Sized(64), await c.RunAsync("cat /proc/partitions")); // the guest still has its disk
    }

    /// <summary>A /proc/partitions line of a virtio disk of that many MiB (blocks of 1 KiB).</summary>
    private static string Sized(int mib) => $@"\s{mib * 1024}\s+vd[a-z]\b";

    private static async Task<string> ImageAsync(ServedEngine e, string file, int mib)
    {
        var path = Path.Combine(e.RootPath, file);
        var r = await ProcessRunner.RunAsync("qemu-img", ["create", "-q", "-f", "qcow2", path, $"{mib}M"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return path;
    }
}
