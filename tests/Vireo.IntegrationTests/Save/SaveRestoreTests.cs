using System.Globalization;
using Vireo.Core.State;
using Vireo.Hosting;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.Save;

/// <summary>
/// virsh save, restore, managedsave and the save-image commands against vireod with a real TCG guest. The
/// guest's memory survives: a file written to its RAM-backed root before the save is read back after the
/// restore, and its uptime carries on. Sentences and state reasons are the ones a sandboxed libvirtd 9.0
/// gave for the same commands.
/// </summary>
public sealed class SaveRestoreTests
{
    [Fact]
    public async Task Save_then_restore_carries_the_guest_on_and_a_failed_save_leaves_it_running()
    {
        await using var served = await ServedEngine.StartAsync();
        var ro = Path.Combine(served.RootPath, "sock-ro");
        await served.Server.ListenAsync([ListenEndpoint.ReadOnlyAt(ro)], CancellationToken.None);
        var name = await served.StartGuestAsync("sav");
        using var events = new EventLog(served.Driver.Events, name);
        var image = Path.Combine(served.RootPath, "guest.save");
        double uptimeBefore;
        await using (var console = await served.ReadyConsoleAsync(name))
        {
            await console.RunAsync("echo remembered-42 > /tmp/marker");
            uptimeBefore = Uptime(await console.RunAsync("cat /proc/uptime"));
        }

        // Nothing can be written there: refused before the guest is touched; it runs on, no file is left.
        Assert.Equal("error: Failed to save domain '" + name + "' to /nonexistent-vireo-dir/x.save\nerror: Failed to create file '/nonexistent-vireo-dir/x.save': No such file or directory",
            (await served.VirshFailsAsync("save", name, "/nonexistent-vireo-dir/x.save")).Trim());
        Assert.Equal("running", (await served.VirshOkAsync("domstate", name)).Trim());
        Assert.Equal("error: Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive",
            (await served.VirshFailsAsync("save", name, image, "--running", "--paused")).Trim().Split('\n')[^1]);
        var roVirsh = await ProcessRunner.RunAsync("virsh", ["-c", $"qemu+unix:///system?socket={ro}", "save", name, image]);
        Assert.Contains("error: operation forbidden: read only access prevents virDomainSave", roVirsh.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(image));

        Assert.Equal($"\nDomain '{name}' saved to {image}\n\n", await served.VirshOkAsync("save", name, image));
        Assert.Equal("shut off (saved)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        Assert.Equal("VireoSav"u8.ToArray(), File.ReadAllBytes(image)[..8]);
        Assert.Empty(Directory.EnumerateFiles(served.RootPath, ".guest.save.*"));
        Assert.Contains($"<name>{name}</name>", await served.VirshOkAsync("save-image-dumpxml", image), StringComparison.Ordinal);
        var roDump = await ProcessRunner.RunAsync("virsh", ["-c", $"qemu+unix:///system?socket={ro}", "save-image-dumpxml", image]);
        Assert.Contains("read only access prevents virDomainSaveImageGetXMLDesc", roDump.Stderr, StringComparison.Ordinal);

        // Not ABI-compatible: refused, the image unchanged.
        var bigger = (await served.VirshOkAsync("save-image-dumpxml", image)).Replace("<memory unit='KiB'>262144</memory>", "<memory unit='KiB'>524288</memory>", StringComparison.Ordinal);
        Assert.Contains("524288", bigger, StringComparison.Ordinal);
        Assert.Contains("error: unsupported configuration: Target domain max memory 524288 does not match source 262144",
            await served.VirshFailsAsync("save-image-define", image, served.WriteFile("bigger.xml", bigger)), StringComparison.Ordinal);

        Assert.Equal($"Domain restored from {image}\n\n", await served.VirshOkAsync("restore", image));
        Assert.Equal("running (restored)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        await using (var console = await served.ConsoleAsync(name))
        {
            Assert.Equal("remembered-42\n", await console.RunAsync("cat /tmp/marker"));
            Assert.True(Uptime(await console.RunAsync("cat /proc/uptime")) >= uptimeBefore, "the guest's uptime restarted: it booted instead of carrying on");
        }
        // The console log continues across the restore: the boot's ready line and what came after are both there.
        var log = File.ReadAllText(served.Paths.ConsoleLog(name));
        Assert.Contains(DemoKit.Marker, log, StringComparison.Ordinal);
        Assert.True(log.LastIndexOf("remembered-42", StringComparison.Ordinal) > log.IndexOf(DemoKit.Marker, StringComparison.Ordinal));

        Assert.Equal(
            [(LifecycleEventType.Suspended, (int)SuspendedDetail.Paused), (LifecycleEventType.Stopped, (int)StoppedDetail.Saved),
             (LifecycleEventType.Started, (int)StartedDetail.Restored), (LifecycleEventType.Resumed, (int)ResumedDetail.FromSnapshot)],
            events.Lifecycle);

        // A running domain refuses a second restore of its image; a restore of what is not an image is refused.
        Assert.Contains($"error: Requested operation is not valid: domain '{name}' is already active", await served.VirshFailsAsync("restore", image), StringComparison.Ordinal);
        Assert.Contains("error: operation failed: image magic is incorrect",
            await served.VirshFailsAsync("restore", served.WriteFile("not-an-image.xml", "<domain/>")), StringComparison.Ordinal);
        await served.VirshOkAsync("destroy", name);
    }

    [Fact]
    public async Task Managedsave_is_restored_by_start_refuses_undefine_and_force_boot_discards_it()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("msav");
        await using (var console = await served.ReadyConsoleAsync(name))
            await console.RunAsync("echo kept-7 > /tmp/marker");

        Assert.Equal($"\nDomain '{name}' state saved by libvirt\n\n", await served.VirshOkAsync("managedsave", name));
        Assert.Equal("shut off (saved)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        Assert.Contains("Managed save:   yes", await served.VirshOkAsync("dominfo", name), StringComparison.Ordinal);
        Assert.Contains(name, await served.VirshOkAsync("list", "--all", "--with-managed-save"), StringComparison.Ordinal);
        Assert.DoesNotContain(name, await served.VirshOkAsync("list", "--all", "--without-managed-save"), StringComparison.Ordinal);
        Assert.Contains($"<name>{name}</name>", await served.VirshOkAsync("managedsave-dumpxml", name), StringComparison.Ordinal);
        Assert.Equal("True\n", await served.PythonAsync(name, "print(bool(d.hasManagedSaveImage()))"));
        Assert.Contains("Refusing to undefine while domain managed save image exists", await served.VirshFailsAsync("undefine", name), StringComparison.Ordinal);

        Assert.Equal($"Domain '{name}' started\n\n", await served.VirshOkAsync("start", name));
        Assert.Equal("running (restored)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        Assert.Contains("Managed save:   no", await served.VirshOkAsync("dominfo", name), StringComparison.Ordinal);
        await using (var console = await served.ConsoleAsync(name))
            Assert.Equal("kept-7\n", await console.RunAsync("cat /tmp/marker"));

        // --force-boot discards the image and boots afresh (the restart case is RestoredGuestRestartTests).
        await served.VirshOkAsync("managedsave", name);
        await served.VirshOkAsync("start", name, "--force-boot");
        Assert.Equal("running (booted)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        Assert.Contains("Managed save:   no", await served.VirshOkAsync("dominfo", name), StringComparison.Ordinal);
        await using (var console = await served.ReadyConsoleAsync(name))
            Assert.Equal("", await console.RunAsync("cat /tmp/marker 2>/dev/null"));

        await served.VirshOkAsync("managedsave", name);
        Assert.Contains("Managed save:   yes", await served.VirshOkAsync("dominfo", name), StringComparison.Ordinal);
        await served.VirshOkAsync("managedsave-remove", name);
        Assert.Contains("Managed save:   no", await served.VirshOkAsync("dominfo", name), StringComparison.Ordinal);
        await served.VirshOkAsync("undefine", name);
    }

    private static double Uptime(string procUptime) => double.Parse(procUptime.Split(' ')[0], CultureInfo.InvariantCulture);
}
