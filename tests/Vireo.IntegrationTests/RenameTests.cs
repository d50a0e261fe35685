using Vireo.Core.State;
using Vireo.IntegrationTests.Snapshots;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

/// <summary>
/// virsh domrename and vireo domrename against vireod's QEMU driver: the definition, the autostart mark
/// and the snapshot metadata follow the new name, libvirt's two events are sent, libvirt's refusals are
/// worded as libvirt 9.0 words them (checked against it by hand), and the guest boots under its new name.
/// </summary>
public sealed class RenameTests
{
    [Fact]
    public async Task A_shut_off_domain_is_renamed_with_its_files_and_snapshots_and_boots_under_the_new_name()
    {
        await using var rig = await SnapshotRig.StartAsync();
        await rig.DefineAsync("ren");
        var (oldName, newName) = (rig.Name, rig.Name + "-new");
        await rig.VirshOkAsync("autostart", oldName);
        await rig.VirshOkAsync("snapshot-create-as", oldName, "s1", "--disk-only");
        var qemu = Path.Combine(rig.Root.Path, "qemu");
        using var oldEvents = new EventLog(rig.Events, oldName);
        using var newEvents = new EventLog(rig.Events, newName);

        Assert.Equal("Domain successfully renamed\n\n", await rig.VirshOkAsync("domrename", oldName, newName));

        Assert.Equal([(LifecycleEventType.Undefined, (int)UndefinedDetail.Renamed)], oldEvents.Lifecycle);
        Assert.Equal([(LifecycleEventType.Defined, (int)DefinedDetail.Renamed)], newEvents.Lifecycle);
        Assert.Equal(newName, (await rig.VirshOkAsync("list", "--all", "--name")).Trim());
        Assert.Contains($"<name>{newName}</name>", File.ReadAllText(Path.Combine(qemu, "config", newName + ".xml")));
        Assert.False(File.Exists(Path.Combine(qemu, "config", oldName + ".xml")));
        Assert.Equal($"../{newName}.xml", new FileInfo(Path.Combine(qemu, "config", "autostart", newName + ".xml")).LinkTarget);
        Assert.False(File.Exists(Path.Combine(qemu, "config", "autostart", oldName + ".xml")));
        Assert.Matches(@"Autostart:\s+enable", await rig.VirshOkAsync("dominfo", newName));
        Assert.Equal("s1", (await rig.VirshOkAsync("snapshot-list", newName, "--name")).Trim());
        Assert.False(Directory.Exists(Path.Combine(qemu, "snapshot", oldName)));
        Assert.Contains("error: failed to get domain", await rig.VirshFailsAsync("dominfo", oldName));

        // libvirt's refusals, word for word, through virsh and vireo alike.
        await rig.Served.DefineGuestAsync("other");
        var other = (await rig.VirshOkAsync("list", "--all", "--name")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Single(n => n != newName);
        foreach (var (to, error) in new[]
        {
            (newName, "error: Requested operation is not valid: Can't rename domain to itself"),
            (other, $"error: Requested operation is not valid: domain with name '{other}' already exists"),
            ("a/b", "error: XML error: name a/b cannot contain '/'"),
        })
        {
            Assert.Equal(error, (await rig.VirshFailsAsync("domrename", newName, to)).Trim());
            var vireo = await rig.Served.VireoAsync("domrename", newName, to);
            Assert.Equal((1, error), (vireo.ExitCode, vireo.Stderr.Trim()));
        }

        // The guest runs under its new name; a running domain keeps its name.
        await rig.VirshOkAsync("start", newName);
        await using (var console = await rig.Served.ReadyConsoleAsync(newName))
            Assert.Equal("running", (await rig.VirshOkAsync("domstate", newName)).Trim());
        Assert.Equal("error: Requested operation is not valid: cannot rename active domain", (await rig.VirshFailsAsync("domrename", newName, oldName)).Trim());
        await rig.VirshOkAsync("destroy", newName);

        Assert.Equal("Domain successfully renamed", (await rig.Served.VireoOkAsync("domrename", newName, oldName)).Trim());
        Assert.True(File.Exists(Path.Combine(qemu, "config", oldName + ".xml")));
        Assert.Equal("s1", (await rig.VirshOkAsync("snapshot-list", oldName, "--name")).Trim());
    }

    [Fact]
    public async Task A_domain_with_a_managed_save_is_not_renamed_and_keeps_its_saved_state()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("rensave");
        await using (var console = await served.ReadyConsoleAsync(name))
            await console.RunAsync("echo kept-7 > /tmp/marker");
        await served.VirshOkAsync("managedsave", name);

        // libvirtd 9.0's refusal (checked live).
        Assert.Equal("error: Requested operation is not valid: domain with a managed saved state can't be renamed",
            (await served.VirshFailsAsync("domrename", name, name + "-new")).Trim());
        Assert.Equal(name, (await served.VirshOkAsync("list", "--all", "--name", "--with-managed-save")).Trim());

        await served.VirshOkAsync("start", name);
        Assert.Equal("running (restored)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        await using (var console = await served.ConsoleAsync(name))
            Assert.Equal("kept-7\n", await console.RunAsync("cat /tmp/marker"));
    }
}
