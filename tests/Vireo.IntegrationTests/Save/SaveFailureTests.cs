using System.Security.Cryptography;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Save;

/// <summary>
/// Save and restore that fail part-way, against vireod with a real TCG guest and Debian's virsh: nothing is
/// lost. A restore from an image whose migration stream is cut short fails with a sentence, leaves no
/// domain behind (the image's domain was undefined, so it would have come back transient) and does not
/// touch the file; the intact image still restores, through QEMU started with -incoming defer. A save onto a
/// file system that fills up mid-migration lets the guest run on, reason "save canceled", with its memory
/// as it was and no temporary file left.
/// </summary>
public sealed class SaveFailureTests
{
    [Fact]
    public async Task A_restore_from_a_truncated_image_fails_leaving_the_file_and_no_domain()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("rtrunc");
        await using (var console = await served.ReadyConsoleAsync(name))
            await console.RunAsync("echo still-here-9 > /tmp/marker");
        Assert.DoesNotContain("defer", served.QemuArgv(name)); // a boot does not wait for a stream

        var image = Path.Combine(served.RootPath, "whole.save");
        await served.VirshOkAsync("save", name, image);
        await served.VirshOkAsync("undefine", name); // restore must now bring it back as a transient domain
        Assert.DoesNotContain(name, await served.VirshOkAsync("list", "--all"), StringComparison.Ordinal);

        // Header and XML intact, the migration stream cut in half.
        var whole = File.ReadAllBytes(image);
        var cut = Path.Combine(served.RootPath, "cut.save");
        File.WriteAllBytes(cut, whole[..(4096 + (whole.Length - 4096) / 2)]);
        var cutHash = SHA256.HashData(File.ReadAllBytes(cut));

        var error = (await served.VirshFailsAsync("restore", cut)).Trim();
        Assert.StartsWith($"error: Failed to restore domain from {cut}\nerror: operation failed: domain '{name}' failed to start: QEMU could not load the saved state from '{cut}'", error, StringComparison.Ordinal);
        Assert.Contains("load of migration failed", error, StringComparison.Ordinal); // QEMU's own words for the cut stream
        Assert.DoesNotContain(name, await served.VirshOkAsync("list", "--all"), StringComparison.Ordinal);
        Assert.Equal(cutHash, SHA256.HashData(File.ReadAllBytes(cut)));
        Assert.Equal(SHA256.HashData(whole), SHA256.HashData(File.ReadAllBytes(image)));

        // The whole image restores: QEMU waited for the stream instead of booting, and the guest's memory is back.
        Assert.Equal($"Domain restored from {image}\n\n", await served.VirshOkAsync("restore", image));
        Assert.Equal("running (restored)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        Assert.Equal(["-incoming", "defer"], served.QemuArgv(name)[^2..]);
        Assert.Contains("Persistent:     no", await served.VirshOkAsync("dominfo", name), StringComparison.Ordinal);
        await using (var console = await served.ConsoleAsync(name))
            Assert.Equal("still-here-9\n", await console.RunAsync("cat /tmp/marker"));
        await served.VirshOkAsync("destroy", name);
        Assert.DoesNotContain(name, await served.VirshOkAsync("list", "--all"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_that_fills_its_file_system_resumes_the_guest_and_leaves_no_file()
    {
        await using var served = await ServedEngine.StartAsync();
        var tiny = Directory.CreateDirectory(Path.Combine(served.RootPath, "tiny")).FullName;
        var mount = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", tiny]);
        // Only a non-root run truly cannot mount; as root a failed mount is a failure, not a reason to skip.
        Assert.SkipWhen(mount.ExitCode != 0 && Environment.UserName != "root", $"cannot mount a small tmpfs to fill (needs root): {mount.Stderr.Trim()}");
        Assert.True(mount.ExitCode == 0, $"mounting a small tmpfs to fill failed: {mount.Stderr.Trim()}");
        try
        {
            var name = await served.StartGuestAsync("sfull");
            await using (var console = await served.ReadyConsoleAsync(name))
                await console.RunAsync("echo survived-3 > /tmp/marker");

            var image = Path.Combine(tiny, "g.save");
            var error = (await served.VirshFailsAsync("save", name, image)).Trim();
            Assert.Equal($"error: Failed to save domain '{name}' to {image}\nerror: saving domain '{name}' to '{image}' failed, it runs on as before: No space left on device", error);

            Assert.Equal("running (save canceled)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
            Assert.Empty(Directory.EnumerateFileSystemEntries(tiny));
            await using (var console = await served.ConsoleAsync(name))
                Assert.Equal("survived-3\n", await console.RunAsync("cat /tmp/marker"));
            await served.VirshOkAsync("destroy", name);
        }
        finally
        {
            await ProcessRunner.RunAsync("umount", ["-l", tiny]);
        }
    }
}
