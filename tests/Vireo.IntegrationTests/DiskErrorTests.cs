using Vireo.IntegrationTests.Support;
using Vireo.Core.State;

namespace Vireo.IntegrationTests;

/// <summary>
/// virsh domblkerror and vireo domblkerror against vireod with a real guest: "No errors found" for a
/// healthy guest; "vda: no space" once the guest has filled the host file system under its disk and
/// QEMU paused it (error_policy='stop'); libvirt's refusal for a domain that is not running. The full
/// file system is a 4 MiB tmpfs mounted for the test on a directory of its own and unmounted after.
/// </summary>
public sealed class DiskErrorTests
{
    [Fact]
    public async Task A_guest_that_fills_its_disks_file_system_is_paused_and_reported_no_space()
    {
        Assert.True(File.Exists("/usr/bin/virsh"), "virsh is not installed: scripts/setup.sh installs it (package libvirt-clients).");
        await using var served = await ServedEngine.StartAsync();
        await using var tiny = await SmallTmpfs.MountAsync(served.RootPath, "4m");
        var image = Path.Combine(tiny.Path, "full.qcow2");
        await ProcessRunner.OkAsync("qemu-img", ["create", "-q", "-f", "qcow2", image, "64M"]);
        var name = await served.StartGuestAsync("blkerr", x => x.Replace("<serial type='pty'>",
            $"<disk type='file' device='disk'><driver name='qemu' type='qcow2' error_policy='stop'/><source file='{image}'/><target dev='vda' bus='virtio'/></disk><serial type='pty'>",
            StringComparison.Ordinal));
        Assert.Contains(served.QemuArgv(name), a => a.StartsWith("virtio-blk-pci,", StringComparison.Ordinal) && a.EndsWith(",werror=stop,rerror=stop", StringComparison.Ordinal));
        await using var console = await served.ReadyConsoleAsync(name);

        Assert.Equal(("No errors found\n\n", "No errors found\n\n"), await served.BothOkAsync("domblkerror", name));

        // The guest writes more than the tmpfs holds; QEMU stops it at the first failed write.
        await console.TypeAsync("dd if=/dev/urandom of=/dev/vda bs=1M count=32 conv=fsync\n");
        var uuid = served.Driver.Domains.LookupByName(name).Uuid;
        await Expect.EventuallyAsync(() => Task.FromResult(served.Driver.Domains.State(uuid)), s => s.State == DomainState.Paused,
            "the guest's pause by its I/O error", TimeSpan.FromMinutes(2));
        Assert.Equal(("vda: no space\n\n", "vda: no space\n\n"), await served.BothOkAsync("domblkerror", name));
        // python-libvirt asks for the count first, then that many (VIR_DOMAIN_DISK_ERROR_NO_SPACE = 2).
        var python = await ProcessRunner.RunAsync("/usr/bin/python3",
            ["-c", $"import libvirt\nprint(libvirt.open('{served.Uri}').lookupByName('{name}').diskErrors())"]);
        Assert.Equal((0, "{'vda': 2}"), (python.ExitCode, python.Stdout.Trim()));

        await served.VirshOkAsync("destroy", name);
        var refused = (await served.VirshFailsAsync("domblkerror", name)).Trim();
        Assert.Equal("error: Requested operation is not valid: domain is not running", refused);
        var vireo = await served.VireoAsync("domblkerror", name);
        Assert.Equal((1, refused), (vireo.ExitCode, vireo.Stderr.Trim()));
    }
}
