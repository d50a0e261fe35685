using System.Text.RegularExpressions;
using Vireo.Cli.Tests.Support;
using Vireo.Daemon.Tests.Support;

namespace Vireo.Daemon.Tests;

/// <summary>
/// The whole stack on the real QEMU driver: vireod started by the test on a temp layout, stock virsh as the
/// client, the demo guest as the domain.
/// </summary>
public sealed class QemuThroughVirshTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(60);

    private static void RequireVirsh() => MachineSetUp.Require(Run.Exists("virsh"), "virsh (libvirt-clients)");

    private static async Task<string> Ok(string uri, params string[] args)
    {
        var r = await Run.VirshAsync(uri, args);
        Assert.True(r.ExitCode == 0, $"virsh {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    [Fact]
    public async Task Virsh_defines_starts_inspects_attaches_and_destroys_the_demo_guest()
    {
        RequireVirsh();
        var root = DemoKit.TempRoot("vd");
        var name = DemoKit.UniqueName("vs");
        var xml = DemoKit.WriteDomainXml(root, name);
        await using var d = await Vireod.StartAsync(root);
        try
        {
            Assert.Equal($"Domain '{name}' defined from {xml}\n\n", await Ok(d.Uri, "define", xml));
            Assert.Matches(new Regex($@"^ -\s+{Regex.Escape(name)}\s+shut off$", RegexOptions.Multiline), await Ok(d.Uri, "list", "--all"));
            Assert.Equal($"Domain '{name}' started\n\n", await Ok(d.Uri, "start", name));
            var list = await Ok(d.Uri, "list");
            var id = Regex.Match(list, $@"^ (\d+)\s+{Regex.Escape(name)}\s+running$", RegexOptions.Multiline);
            Assert.True(id.Success, list);
            var info = await Ok(d.Uri, "dominfo", name);
            Assert.Contains($"Id:             {id.Groups[1].Value}\n", info);
            Assert.Contains("State:          running\n", info);
            Assert.Contains("Max memory:     262144 KiB\n", info);
            Assert.Equal("running (booted)\n\n", await Ok(d.Uri, "domstate", name, "--reason"));

            // virsh console needs a terminal: `script` gives it one; what we type goes through the pty.
            await using (var console = InteractiveProcess.Start("script", ["-qfec", $"virsh -c '{d.Uri}' console {name}", "/dev/null"]))
            {
                await console.WaitForAsync($"Connected to domain '{name}'", Quick);
                await console.WaitForAsync(DemoKit.MarkerLine(), DemoKit.BootTimeout); // boots meanwhile; live output only
                await console.WaitForAsync(DemoKit.Prompt, DemoKit.BootTimeout);
                var since = console.Text.Length;
                await console.TypeAsync("echo through-virsh-$((40+2))\r");
                await console.WaitForAsync("through-virsh-42", Quick, since);
                await console.DetachAsync();
                Assert.Equal(0, await console.WaitForExitAsync(Quick));
            }

            Assert.Equal($"Domain '{name}' destroyed\n\n", await Ok(d.Uri, "destroy", name));
            Assert.Equal("shut off (destroyed)\n\n", await Ok(d.Uri, "domstate", name, "--reason"));
            Assert.Equal(0, await d.StopAsync());
        }
        finally
        {
            await Run.VirshAsync(d.Uri, "destroy", name);
        }
    }

    [Fact]
    public async Task Guests_survive_a_daemon_restart_with_the_same_id_and_their_console_history()
    {
        RequireVirsh();
        var root = DemoKit.TempRoot("vd");
        var name = DemoKit.UniqueName("rs");
        var xml = DemoKit.WriteDomainXml(root, name);
        var first = await Vireod.StartAsync(root);
        var uri = first.Uri;
        try
        {
            await Ok(uri, "define", xml);
            await Ok(uri, "start", name);
            var id = Regex.Match(await Ok(uri, "list"), $@"^ (\d+)\s+{Regex.Escape(name)}\s+running$", RegexOptions.Multiline).Groups[1].Value;
            Assert.NotEqual("", id);
            // Wait until the guest is up (watching through vireo's console, which replays from power-on).
            await using (var console = InteractiveProcess.Start(Run.VireoProgram, ["-c", uri, "console", name]))
            {
                await console.WaitForAsync(DemoKit.MarkerLine(), DemoKit.BootTimeout);
                await console.DetachAsync();
                Assert.Equal(0, await console.WaitForExitAsync(Quick));
            }
            var qemu = DemoKit.QemuPid(name);
            Assert.NotNull(qemu);

            Assert.Equal(0, await first.StopAsync()); // SIGTERM
            await first.DisposeAsync();
            Assert.True(Directory.Exists($"/proc/{qemu}"), "the guest's QEMU process ended with vireod");
            Assert.Equal(qemu, DemoKit.QemuPid(name));

            await using var second = await Vireod.StartAsync(root);
            Assert.Matches(new Regex($@"^ {id}\s+{Regex.Escape(name)}\s+running$", RegexOptions.Multiline), await Ok(uri, "list"));
            Assert.Equal("running (booted)\n\n", await Ok(uri, "domstate", name, "--reason"));
            await using (var console = InteractiveProcess.Start(Run.VireoProgram, ["-c", uri, "console", name]))
            {
                // History from before the restart (BIOS banner, boot marker), then the guest still answers.
                await console.WaitForAsync(DemoKit.BiosBanner(), Quick);
                await console.WaitForAsync(DemoKit.MarkerLine(), Quick);
                var since = console.Text.Length;
                await console.TypeAsync("echo after-restart-$((40+2))\n");
                await console.WaitForAsync("after-restart-42", Quick, since);
                await console.DetachAsync();
                Assert.Equal(0, await console.WaitForExitAsync(Quick));
            }
            Assert.Equal($"Domain '{name}' destroyed\n\n", await Ok(uri, "destroy", name));
            Assert.Equal(0, await second.StopAsync());
        }
        finally
        {
            await Run.VirshAsync(uri, "destroy", name);
            if (DemoKit.QemuPid(name) is { } left) Vireod.Signal(left, "KILL");
        }
    }
}
