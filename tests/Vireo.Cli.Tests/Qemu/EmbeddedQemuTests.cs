using System.Text.RegularExpressions;
using Vireo.Cli.Tests.Support;

namespace Vireo.Cli.Tests.Qemu;

/// <summary>
/// The vireo program on the real QEMU driver in embedded mode (`-c 'qemu:///embed?root=DIR'`), with the demo guest:
/// every call is a new process that reconnects to the running guest; the guest outlives each of them.
/// </summary>
public sealed class EmbeddedQemuTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Define_start_with_console_list_reconnect_console_history_and_destroy()
    {
        var root = DemoKit.TempRoot("vq");
        var name = DemoKit.UniqueName("cli");
        var uri = $"qemu:///embed?root={root}";
        var xml = DemoKit.WriteDomainXml(root, name);
        Task<RunResult> Vireo(params string[] args) => Run.ProgramAsync(Run.VireoProgram, ["-c", uri, .. args], timeout: Quick);
        try
        {
            var define = await Vireo("define", xml);
            Assert.True(define.ExitCode == 0, define.ToString());
            Assert.Equal($"Domain '{name}' defined from {xml}\n\n", define.Stdout);

            // start --console: attached right after the start, so the BIOS banner is there; Ctrl-] detaches.
            await using (var console = InteractiveProcess.Start(Run.VireoProgram, ["-c", uri, "start", "--console", name]))
            {
                await console.WaitForAsync($"Domain '{name}' started\nConnected to domain '{name}'\nEscape character is ^] (Ctrl + ])\n", Quick);
                await console.WaitForAsync(DemoKit.BiosBanner(), DemoKit.BootTimeout);
                var marker = await console.WaitForAsync(DemoKit.MarkerLine(), DemoKit.BootTimeout);
                await console.WaitForAsync(DemoKit.Prompt, DemoKit.BootTimeout, marker.Index);
                var since = console.Text.Length;
                await console.TypeAsync("echo typed-$((6*7))\n");
                await console.WaitForAsync("typed-42", Quick, since);
                await console.DetachAsync();
                Assert.Equal(0, await console.WaitForExitAsync(Quick));
            }

            // A new process reconnects to the guest that the last one left running.
            var list = await Vireo("list");
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Matches(new Regex($@"^ \d+\s+{Regex.Escape(name)}\s+running$", RegexOptions.Multiline), list.Stdout);
            Assert.Equal("running (booted)\n\n", (await Vireo("domstate", name, "--reason")).Stdout);
            Assert.NotNull(DemoKit.QemuPid(name));

            // Another console process gets the history from power-on first (kept in the console log), then live output.
            await using (var again = InteractiveProcess.Start(Run.VireoProgram, ["-c", uri, "console", name]))
            {
                await again.WaitForAsync(DemoKit.BiosBanner(), Quick);
                await again.WaitForAsync(DemoKit.MarkerLine(), Quick);
                var since = again.Text.Length;
                await again.TypeAsync("echo again-$((7*6))\n");
                await again.WaitForAsync("again-42", Quick, since);
                await again.DetachAsync();
                Assert.Equal(0, await again.WaitForExitAsync(Quick));
            }

            var destroy = await Vireo("destroy", name);
            Assert.Equal($"Domain '{name}' destroyed\n\n", destroy.Stdout);
            Assert.Equal("shut off (destroyed)\n\n", (await Vireo("domstate", name, "--reason")).Stdout);
            Assert.Null(DemoKit.QemuPid(name));
            Assert.Equal($"Domain '{name}' has been undefined\n\n", (await Vireo("undefine", name)).Stdout);
        }
        finally
        {
            await Vireo("destroy", name);
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
        }
    }

    [Fact]
    public async Task A_second_program_on_the_same_root_is_refused_while_the_first_holds_it()
    {
        var root = DemoKit.TempRoot("vq");
        var uri = $"qemu:///embed?root={root}";
        try
        {
            // `event --all` holds the root for as long as it waits.
            await using var holder = InteractiveProcess.Start(Run.VireoProgram, ["-c", uri, "event", "--all", "--timeout", "60"]);
            await Poll.UntilAsync(() => File.Exists(Path.Combine(root, "embed.pid")) &&
                File.ReadAllText(Path.Combine(root, "embed.pid")).Trim() == holder.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "the first vireo did not lock the root");
            var second = await Run.ProgramAsync(Run.VireoProgram, ["-c", uri, "list"], timeout: Quick);
            Assert.Equal(1, second.ExitCode);
            Assert.Equal("", second.Stdout);
            Assert.StartsWith("error: failed to connect to the hypervisor\nerror: Requested operation is not valid: the embedded root " + root +
                              $" is in use by process {holder.Pid}", second.Stderr);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
        }
    }

    [Fact]
    public async Task Lifecycle_commands_change_state_as_virsh_reports_and_a_destroyed_autostart_guest_stays_off()
    {
        var root = DemoKit.TempRoot("vq");
        var name = DemoKit.UniqueName("cla");
        var uri = $"qemu:///embed?root={root}";
        var xml = DemoKit.WriteDomainXml(root, name);
        async Task<string> Ok(params string[] args)
        {
            var r = await Run.ProgramAsync(Run.VireoProgram, ["-c", uri, .. args], timeout: Quick);
            Assert.True(r.ExitCode == 0, $"vireo {string.Join(' ', args)}: {r}");
            return r.Stdout;
        }
        try
        {
            await Ok("define", xml);
            Assert.Equal($"Domain '{name}' marked as autostarted\n\n", await Ok("autostart", name));
            Assert.Equal($"Domain '{name}' started\n\n", await Ok("start", name));
            var id = (await Ok("domid", name)).Trim();
            Assert.Equal(name + "\n\n", await Ok("domname", id));
            var uuid = (await Ok("domuuid", name)).Trim();
            Assert.Contains($"<uuid>{uuid}</uuid>", await Ok("dumpxml", name));
            Assert.Contains("Autostart:      enable\n", await Ok("dominfo", name));
            Assert.Equal($"Domain '{name}' suspended\n\n", await Ok("suspend", name));
            Assert.Equal("paused (user)\n\n", await Ok("domstate", name, "--reason"));
            Assert.Equal($"Domain '{name}' resumed\n\n", await Ok("resume", name));
            Assert.Equal("running (unpaused)\n\n", await Ok("domstate", name, "--reason"));
            Assert.Equal($"Domain '{name}' was reset\n\n", await Ok("reset", name));
            Assert.Equal($"Domain '{name}' destroyed\n\n", await Ok("destroy", name));

            // Each call is a new engine on the root: autostart ran with the first one (once per host boot, as
            // libvirtd's), so the guest the user destroyed is not started again behind their back.
            Assert.Equal("shut off (destroyed)\n\n", await Ok("domstate", name, "--reason"));
            Assert.Matches(new Regex($@"^ -\s+{Regex.Escape(name)}\s+shut off$", RegexOptions.Multiline), await Ok("list", "--all"));
            Assert.Null(DemoKit.QemuPid(name));
            Assert.Equal($"Domain '{name}' has been undefined\n\n", await Ok("undefine", name));
        }
        finally
        {
            await Run.ProgramAsync(Run.VireoProgram, ["-c", uri, "destroy", name], timeout: Quick);
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
        }
    }
}
