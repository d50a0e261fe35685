using System.Text.Json.Nodes;
using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.Save;

/// <summary>
/// domjobabort of a save and of a full dump, against vireod with a real TCG guest, as libvirtd 9.0 does it: QEMU's
/// migration into the file is cancelled, the command fails with libvirt's sentence ("operation aborted: job
/// 'domain save' canceled by client"), no file is left and the guest runs on. To catch the job in progress every
/// time, the test asks the guest's QEMU to hold its migration before the switchover (the pause-before-switchover
/// capability, which vireod does not touch); vireod then sees the job as any long save or dump.
/// </summary>
public sealed class FileJobAbortTests
{
    [Fact]
    public async Task An_aborted_save_fails_with_libvirts_sentence_leaves_no_file_and_the_guest_runs_on()
    {
        await using var served = await ServedEngine.StartAsync();
        var (name, dir, image, save) = await HeldAsync(served, "save");
        var info = await served.VirshOkAsync("domjobinfo", name);
        Assert.Contains("Job type:         Unbounded", info, StringComparison.Ordinal);
        Assert.Contains("Operation:        Save", info, StringComparison.Ordinal);

        Assert.Equal("\n", await served.VirshOkAsync("domjobabort", name));

        var result = await save;
        Assert.True(result.ExitCode != 0, $"the aborted save succeeded: {result}");
        Assert.Equal($"error: Failed to save domain '{name}' to {image}\nerror: operation aborted: job 'domain save' canceled by client", result.Stderr.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        Assert.Equal("running (save canceled)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        Assert.Equal("running", (await served.QmpAsync(name, QmpCommands.QueryStatus()))?["status"]?.GetValue<string>());
        Assert.Contains("Job type:         None", await served.VirshOkAsync("domjobinfo", name), StringComparison.Ordinal);
        Assert.Equal("error: Requested operation is not valid: no job is active on the domain", (await served.VirshFailsAsync("domjobabort", name)).Trim());
        await served.VirshOkAsync("destroy", name);
    }

    [Fact]
    public async Task An_aborted_full_dump_fails_with_libvirts_sentence_leaves_no_file_and_resumes_the_guest()
    {
        await using var served = await ServedEngine.StartAsync();
        var (name, dir, core, dump) = await HeldAsync(served, "dump");
        Assert.Contains("Operation:        Dump", await served.VirshOkAsync("domjobinfo", name), StringComparison.Ordinal);
        Assert.Equal("paused (dumping)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());

        var abort = await served.VireoAsync("domjobabort", name);
        Assert.True(abort.ExitCode == 0, $"vireo domjobabort: {abort}");

        var result = await dump;
        Assert.True(result.ExitCode != 0, $"the aborted dump succeeded: {result}");
        Assert.Equal($"error: Failed to core dump domain '{name}' to {core}\nerror: operation aborted: job 'domain core dump' canceled by client", result.Stderr.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        Assert.Equal("running (unpaused)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
        Assert.Equal("running", (await served.QmpAsync(name, QmpCommands.QueryStatus()))?["status"]?.GetValue<string>());
        await served.VirshOkAsync("destroy", name);
    }

    /// <summary>
    /// A running guest whose QEMU holds every migration before its switchover until told to go on (or cancelled),
    /// and virsh COMMAND (save or dump) of it into an empty directory, returned once the job is held.
    /// </summary>
    private static async Task<(string Name, string Dir, string File, Task<ProgramResult> Virsh)> HeldAsync(ServedEngine served, string command)
    {
        var name = await served.StartGuestAsync("abt" + command);
        var dir = Directory.CreateDirectory(Path.Combine(served.RootPath, command + "s")).FullName;
        var file = Path.Combine(dir, "held." + command);
        await served.QmpAsync(name, new QmpCommand("migrate-set-capabilities", new JsonObject
        {
            ["capabilities"] = new JsonArray(new JsonObject { ["capability"] = "pause-before-switchover", ["state"] = true }),
        }));
        var virsh = served.VirshAsync(command, name, file);
        await Expect.EventuallyAsync(
            async () => (await served.QmpAsync(name, new QmpCommand("query-migrate")))?["status"]?.GetValue<string>(),
            status => status == "pre-switchover",
            $"the guest's migration into the file of its {command}, held before its switchover");
        return (name, dir, file, virsh);
    }
}
