using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Events;

/// <summary>
/// IO_ERROR, IO_ERROR_REASON and the ioerror pause with a real TCG guest: its sparse raw disk lives on a 4 MiB tmpfs
/// mounted for the test (a directory of its own, unmounted after) under error_policy='stop'. The guest writes until
/// the host file system is full; a stock `virsh event --all --loop` and a python-libvirt IO_ERROR_REASON callback see
/// libvirt's events in libvirt's order, the guest is "paused (I/O error)" and domblkerror says "no space". Once the
/// tmpfs is made larger, `virsh resume` lets the guest finish its write.
/// </summary>
public sealed class IoErrorEventTests
{
    [Fact]
    public async Task Filling_the_host_file_system_sends_io_error_events_pauses_for_ioerror_and_resume_finishes_the_write()
    {
        await using var served = await ServedEngine.StartAsync();
        await using var tiny = await SmallTmpfs.MountAsync(served.RootPath, "4m");
        var image = Path.Combine(tiny.Path, "sparse.raw");
        await ProcessRunner.OkAsync("truncate", ["-s", "64M", image]);
        var name = await served.StartGuestAsync("ioerr", x => x.Replace("<serial type='pty'>",
            $"<disk type='file' device='disk'><driver name='qemu' type='raw' error_policy='stop'/><source file='{image}'/><target dev='vda' bus='virtio'/></disk><serial type='pty'>",
            StringComparison.Ordinal));
        // libvirt's mapping: error_policy='stop' stops on failed writes and (no rerror_policy given) failed reads.
        Assert.Contains(served.QemuArgv(name), a => a.StartsWith("virtio-blk-pci,", StringComparison.Ordinal) && a.EndsWith(",werror=stop,rerror=stop", StringComparison.Ordinal));
        await using var console = await served.ReadyConsoleAsync(name);

        await using var virsh = LineCapture.Start("virsh", "-c", served.Uri, "event", "--domain", name, "--all", "--loop", "--timeout", "300");
        // virsh --all registers each of the 27 event ids libvirt 9.0 knows.
        await Expect.EventuallyAsync(() => Task.FromResult(served.Rpc.EventRegistrationCount), n => n >= 27, "virsh event --all to register its callbacks");
        await using var python = await LineCapture.PythonCallbackAsync(served.Uri, "VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON",
            "conn, dom, src, alias, action, reason, opaque", "'%s|%s|%s|%d|%s' % (dom.name(), src, alias, action, reason)");

        var typedAt = console.Length;
        await console.TypeAsync("dd if=/dev/urandom of=/dev/vda bs=1M count=16 conv=fsync && echo dd-finished\n");

        var pause = $"event 'io-error' for domain '{name}': {image} (virtio-disk0) pause";
        var reason = $"event 'io-error-reason' for domain '{name}': {image} (virtio-disk0) pause due to enospc";
        var suspended = $"event 'lifecycle' for domain '{name}': Suspended I/O Error";
        await virsh.WaitAsync(t => t.Contains(suspended, StringComparison.Ordinal), "virsh to print the Suspended I/O Error lifecycle event", TimeSpan.FromMinutes(2));
        // Each failed request is one BLOCK_IO_ERROR (a pair of lines); the first pair comes before the pause.
        var lines = virsh.Lines;
        Assert.True(lines.Length >= 3, virsh.Text);
        Assert.Equal([pause, reason, suspended], lines[..3]);
        Assert.All(lines[3..], l => Assert.Contains(l, new[] { pause, reason }));

        await python.WaitAsync(t => t.Contains('|'), "the python IO_ERROR_REASON callback");
        Assert.Equal($"{name}|{image}|virtio-disk0|1|enospc", python.Lines[1]);

        Assert.Equal(("paused (I/O error)\n\n", "paused (I/O error)\n\n"), await served.BothOkAsync("domstate", "--reason", name));
        Assert.Equal(("vda: no space\n\n", "vda: no space\n\n"), await served.BothOkAsync("domblkerror", name));

        // Room again: the failed requests are retried when resumed and the guest's dd completes.
        await tiny.GrowAsync("128m");
        await served.VirshOkAsync("resume", name);
        await console.WaitForAsync("dd-finished", typedAt, TimeSpan.FromMinutes(2));
        Expect.Contains($"event 'lifecycle' for domain '{name}': Resumed Unpaused\n", virsh.Text);
        Assert.Equal("running (unpaused)\n\n", await served.VirshOkAsync("domstate", "--reason", name));
        // QEMU's cont clears the I/O status only of named (-drive) backends; a -blockdev disk keeps "nospace", and
        // domblkerror reads query-block as it is (so does libvirt's qemuDomainGetDiskErrors).
        Assert.Equal("vda: no space\n\n", await served.VirshOkAsync("domblkerror", name));
        await served.VirshOkAsync("destroy", name);
    }
}
