using Vireo.Rpc.Tests.RealGuest.Support;
using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests.RealGuest;

/// <summary>
/// virsh changing the TCG guest's power state, its console through a pseudo-terminal, and
/// `virsh event --loop` watching it. Tests that reboot or stop the guest wait for it (or leave it off
/// for the next test's <see cref="GuestServer.EnsureReadyAsync"/>).
/// </summary>
[Collection(GuestServerCollection.Name)]
public sealed class PowerAndConsoleTests(GuestServer s)
{
    private static readonly string PtyScript = Path.Combine(AppContext.BaseDirectory, "Scripts", "pty_console.py");

    private async Task ReadyAsync()
    {
        MachineSetUp.Require(Cli.Exists("virsh"), "virsh (libvirt-clients)");
        MachineSetUp.Require(File.Exists("/usr/bin/python3"), "Debian's /usr/bin/python3 (package python3; it gives virsh a terminal)");
        await s.EnsureReadyAsync();
    }

    [Fact]
    public async Task Suspend_and_resume_report_libvirts_reasons()
    {
        await ReadyAsync();
        Assert.Equal($"Domain '{s.Name}' suspended\n\n", await s.VirshOk("suspend", s.Name));
        Assert.Equal("paused (user)\n\n", await s.VirshOk("domstate", s.Name, "--reason"));
        Assert.Contains("State:          paused\n", await s.VirshOk("dominfo", s.Name));
        Assert.Equal($"Domain '{s.Name}' resumed\n\n", await s.VirshOk("resume", s.Name));
        Assert.Equal("running (unpaused)\n\n", await s.VirshOk("domstate", s.Name, "--reason"));
        var r = await Cli.RunAsync("/usr/bin/python3", [PtyScript, s.Uri, s.Name, "detach"], timeout: TimeSpan.FromMinutes(2));
        Assert.Contains("pty-42-ok", r.Stdout); // the guest runs again
    }

    [Fact]
    public async Task Console_through_a_terminal_carries_data_both_ways_and_ctrl_bracket_detaches()
    {
        await ReadyAsync();
        var r = await Cli.RunAsync("/usr/bin/python3", [PtyScript, s.Uri, s.Name, "detach"], timeout: TimeSpan.FromMinutes(2));
        r.ShouldPrint($"Connected to domain '{s.Name}'");
        r.ShouldPrint("Escape character is ^] (Ctrl + ])");
        r.ShouldPrint("echo pty-$((6*7))-ok"); // the guest's shell echoed what we typed
        r.ShouldPrint("pty-42-ok"); // and answered it
        Assert.True(r.Stdout.EndsWith("\nexit=0\n", StringComparison.Ordinal), r.ToString());
        Assert.Equal("running\n\n", await s.VirshOk("domstate", s.Name)); // detaching leaves the guest alone
    }

    [Fact]
    public async Task Shutdown_powers_the_guest_off_and_the_attached_console_ends_with_it()
    {
        await ReadyAsync();
        var r = await Cli.RunAsync("/usr/bin/python3", [PtyScript, s.Uri, s.Name, "shutdown"], timeout: TimeSpan.FromMinutes(4));
        Assert.Contains("pty-42-ok", r.Stdout);
        Assert.Contains($"other=Domain '{s.Name}' is being shutdown\n", r.Stdout);
        Assert.Contains("\nexit=0\n", r.Stdout); // virsh console ended by itself when the server closed the stream
        // The console can end a moment before QEMU has exited ("in shutdown" meanwhile, as with libvirtd).
        await Poll.UntilAsync(() => s.Driver.Domains.State(s.Uuid).State == Core.State.DomainState.Shutoff, "the guest did not shut off", TimeSpan.FromSeconds(60));
        Assert.Equal("shut off (shutdown)\n\n", await s.VirshOk("domstate", s.Name, "--reason"));
        Assert.Equal("-\n\n", await s.VirshOk("domid", s.Name)); // no id once shut off
    }

    [Fact]
    public async Task Reboot_goes_through_the_guest_and_it_comes_back_in_the_same_qemu()
    {
        await ReadyAsync();
        var id = await s.VirshOk("domid", s.Name);
        var from = s.Console.Length;
        Assert.Equal($"Domain '{s.Name}' is being rebooted\n\n", await s.VirshOk("reboot", s.Name));
        await s.Console.WaitUntilBootedAsync(from);
        Assert.Equal(id, await s.VirshOk("domid", s.Name));
        Assert.Equal("running\n\n", await s.VirshOk("domstate", s.Name));
    }

    [Fact]
    public async Task Event_loop_prints_lifecycle_and_reboot_events_of_the_guest()
    {
        await ReadyAsync();
        var before = s.Rpc.EventRegistrationCount;
        var watcher = Cli.Virsh(s.Uri, "event", "--all", "--loop", "--timeout", "20");
        // virsh registers every event id it knows (27 in 9.0); none may be refused.
        await Poll.UntilAsync(() => s.Rpc.EventRegistrationCount >= before + 27, "virsh event did not register its callbacks");
        var from = s.Console.Length;
        await s.VirshOk("suspend", s.Name);
        await s.VirshOk("resume", s.Name);
        Assert.Equal($"Domain '{s.Name}' was reset\n\n", await s.VirshOk("reset", s.Name));
        var r = await watcher;
        Assert.True(r.ExitCode == 0, r.ToString());
        // QEMU reports a RESET for system_reset and may report another as the firmware restarts (libvirtd then
        // prints two reboot events too): at least one, and nothing else.
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 5, r.ToString());
        Assert.Equal($"event 'lifecycle' for domain '{s.Name}': Suspended Paused", lines[0]);
        Assert.Equal($"event 'lifecycle' for domain '{s.Name}': Resumed Unpaused", lines[1]);
        var reboots = lines[2..^2];
        Assert.All(reboots, l => Assert.Equal($"event 'reboot' for domain '{s.Name}'", l));
        Assert.Equal(["event loop timed out", $"events received: {2 + reboots.Length}"], lines[^2..]);
        await s.Console.WaitUntilBootedAsync(from); // reset: the guest boots again
    }

    [Fact]
    public async Task Create_runs_a_transient_guest_whose_console_ends_when_it_is_destroyed()
    {
        await ReadyAsync();
        var name = "rg-tr-" + Guid.NewGuid().ToString("N")[..4];
        var file = await s.WriteFileAsync(name + ".xml", await s.DomainXmlAsync(name, withDevices: false));
        try
        {
            Assert.Equal($"Domain '{name}' created from {file}\n\n", await s.VirshOk("create", file));
            Assert.Matches($@"\n \d+\s+{name}\s+running\n", await s.VirshOk("list", "--transient"));
            Assert.Contains("Persistent:     no\n", await s.VirshOk("dominfo", name));
            var r = await Cli.RunAsync("/usr/bin/python3", [PtyScript, s.Uri, name, "attach"], timeout: TimeSpan.FromMinutes(2));
            Assert.Contains($"Connected to domain '{name}'", r.Stdout);
            Assert.Contains($"other=Domain '{name}' destroyed\n", r.Stdout);
            Assert.Contains("\nexit=0\n", r.Stdout); // the server's end of stream, not a detach
            var gone = await s.Virsh("dominfo", name);
            Assert.Equal((1, $"error: failed to get domain '{name}'\n"), (gone.ExitCode, gone.Stderr));
        }
        finally
        {
            await s.Virsh("destroy", name);
        }
    }

    [Fact]
    public async Task Start_destroy_and_the_errors_virsh_prints_like_libvirtd()
    {
        await ReadyAsync();
        var off = "rg-err-" + Guid.NewGuid().ToString("N")[..4];
        await s.VirshOk("define", await s.WriteFileAsync(off + ".xml", await s.DomainXmlAsync(off, withDevices: false)));
        try
        {
            var missing = await s.Virsh("dominfo", "nosuch-" + off);
            Assert.Equal((1, $"error: failed to get domain 'nosuch-{off}'\n"), (missing.ExitCode, missing.Stderr));
            var suspend = await s.Virsh("suspend", off);
            Assert.Equal((1, $"error: Failed to suspend domain '{off}'\nerror: Requested operation is not valid: domain is not running\n"),
                (suspend.ExitCode, suspend.Stderr));
            var destroy = await s.Virsh("destroy", off);
            Assert.Equal((1, $"error: Failed to destroy domain '{off}'\nerror: Requested operation is not valid: domain is not running\n"),
                (destroy.ExitCode, destroy.Stderr));
            var again = await s.Virsh("start", s.Name);
            Assert.Equal((1, "error: Domain is already active\n"), (again.ExitCode, again.Stderr));

            Assert.Equal($"Domain '{off}' started\n\n", await s.VirshOk("start", off));
            Assert.Equal("running (booted)\n\n", await s.VirshOk("domstate", off, "--reason"));
            Assert.Equal($"Domain '{off}' destroyed\n\n", await s.VirshOk("destroy", off));
            Assert.Equal("shut off (destroyed)\n\n", await s.VirshOk("domstate", off, "--reason"));
        }
        finally
        {
            await s.Virsh("destroy", off);
            await s.Virsh("undefine", off);
        }
    }
}
