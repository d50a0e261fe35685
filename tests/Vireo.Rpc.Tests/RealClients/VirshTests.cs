using Vireo.Rpc.Tests.Support;

namespace Vireo.Rpc.Tests.RealClients;

/// <summary>Debian's real virsh against our server (test driver), asserting on what virsh prints.</summary>
public sealed class VirshTests
{
    private static void RequireVirsh() => MachineSetUp.Require(Cli.Exists("virsh"), "virsh (libvirt-clients)");

    private static async Task<string> Ok(TestServer s, params string[] args)
    {
        var r = await Cli.Virsh(s.Uri, args);
        Assert.True(r.ExitCode == 0, $"virsh {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    private static async Task<string> DefineAsync(TestServer s, string name)
    {
        var file = Path.Combine(Path.GetDirectoryName(s.SocketPath)!, name + ".xml");
        await File.WriteAllTextAsync(file, Domains.Xml(name, Guid.NewGuid(), memoryMiB: 256, vcpus: 2), TestContext.Current.CancellationToken);
        Assert.Equal($"Domain '{name}' defined from {file}\n\n", await Ok(s, "define", file));
        return file;
    }

    [Fact]
    public async Task Connection_level_commands()
    {
        RequireVirsh();
        await using var s = await TestServer.StartAsync();
        var version = await Ok(s, "version");
        Assert.Contains("Using API: TEST 9.0.0", version);
        Assert.Contains("Running hypervisor: TEST 0.0.2", version);
        Assert.Equal(Environment.MachineName + "\n\n", await Ok(s, "hostname"));
        Assert.Equal(s.Uri + "\n\n", await Ok(s, "uri"));
        Assert.StartsWith("<capabilities>", await Ok(s, "capabilities"));
        var nodeinfo = await Ok(s, "nodeinfo");
        Assert.Contains("CPU(s):              16\n", nodeinfo);
        Assert.Contains("Memory size:         3145728 KiB\n", nodeinfo);
    }

    [Fact]
    public async Task Define_start_pause_stop_and_undefine_a_domain()
    {
        RequireVirsh();
        await using var s = await TestServer.StartAsync(new() { WithDefaultDomain = true });
        await DefineAsync(s, "web1");
        Assert.Equal(" Id   Name   State\n-----------------------\n 1    test   running\n -    web1   shut off\n\n", await Ok(s, "list", "--all"));
        Assert.Equal(" Id   Name   State\n-----------------------\n -    web1   shut off\n\n", await Ok(s, "list", "--inactive"));
        Assert.Equal("shut off (unknown)\n\n", await Ok(s, "domstate", "web1", "--reason"));
        var info = await Ok(s, "dominfo", "web1");
        Assert.Contains("Name:           web1\n", info);
        Assert.Contains("State:          shut off\n", info);
        Assert.Contains("CPU(s):         2\n", info);
        Assert.Contains("Max memory:     262144 KiB\n", info);
        Assert.Contains("Persistent:     yes\n", info);
        Assert.Contains("<name>web1</name>", await Ok(s, "dumpxml", "web1"));

        Assert.Equal("Domain 'web1' started\n\n", await Ok(s, "start", "web1"));
        Assert.Equal(" Id   Name   State\n----------------------\n 1    test   running\n 2    web1   running\n\n", await Ok(s, "list", "--state-running"));
        Assert.Equal("2\n\n", await Ok(s, "domid", "web1"));
        Assert.Equal("web1\n\n", await Ok(s, "domname", "2"));
        var uuid = (await Ok(s, "domuuid", "web1")).Trim();
        Assert.Equal("running (booted)\n\n", await Ok(s, "domstate", uuid, "--reason"));
        Assert.Contains("current      live           2", await Ok(s, "vcpucount", "web1"));

        Assert.Equal("Domain 'web1' suspended\n\n", await Ok(s, "suspend", "web1"));
        Assert.Equal("paused (user)\n\n", await Ok(s, "domstate", "web1", "--reason"));
        Assert.Equal("Domain 'web1' resumed\n\n", await Ok(s, "resume", "web1"));
        Assert.Equal("running (unpaused)\n\n", await Ok(s, "domstate", "web1", "--reason"));
        Assert.Equal("Domain 'web1' is being rebooted\n\n", await Ok(s, "reboot", "web1"));
        Assert.Equal("Domain 'web1' was reset\n\n", await Ok(s, "reset", "web1"));
        Assert.Equal("Domain 'web1' marked as autostarted\n\n", await Ok(s, "autostart", "web1"));
        Assert.Contains("Autostart:      enable\n", await Ok(s, "dominfo", "web1"));
        Assert.Equal("Domain 'web1' is being shutdown\n\n", await Ok(s, "shutdown", "web1"));
        Assert.Equal("shut off (shutdown)\n\n", await Ok(s, "domstate", "web1", "--reason"));
        Assert.Equal("Domain 'web1' started\n\n", await Ok(s, "start", "web1"));
        Assert.Equal("Domain 'web1' destroyed\n\n", await Ok(s, "destroy", "web1"));
        Assert.Equal("shut off (destroyed)\n\n", await Ok(s, "domstate", "web1", "--reason"));
        Assert.Equal("Domain 'web1' has been undefined\n\n", await Ok(s, "undefine", "web1"));
        Assert.Equal(" Id   Name   State\n----------------------\n 1    test   running\n\n", await Ok(s, "list", "--all"));
    }

    [Fact]
    public async Task Errors_are_printed_as_libvirt_prints_them()
    {
        RequireVirsh();
        await using var s = await TestServer.StartAsync();
        var missing = await Cli.Virsh(s.Uri, "dominfo", "nosuch");
        Assert.Equal((1, "error: failed to get domain 'nosuch'\n"), (missing.ExitCode, missing.Stderr));
        await DefineAsync(s, "off1");
        var suspend = await Cli.Virsh(s.Uri, "suspend", "off1");
        Assert.Equal((1, "error: Failed to suspend domain 'off1'\nerror: Requested operation is not valid: domain is not running\n"),
            (suspend.ExitCode, suspend.Stderr));
        await Ok(s, "start", "off1");
        var again = await Cli.Virsh(s.Uri, "start", "off1");
        Assert.Equal((1, "error: Domain is already active\n"), (again.ExitCode, again.Stderr));
    }

    [Fact]
    public async Task Read_only_socket_refuses_changes_on_the_server_side()
    {
        RequireVirsh();
        await using var s = await TestServer.StartAsync(new() { WithDefaultDomain = true });
        var file = Path.Combine(Path.GetDirectoryName(s.SocketPath)!, "ro.xml");
        await File.WriteAllTextAsync(file, Domains.Xml("ro", Guid.NewGuid()), TestContext.Current.CancellationToken);
        // virsh believes this connection is writable (no -r): the refusal can only come from our server.
        var define = await Cli.Virsh(s.ReadOnlyUri, "define", file);
        Assert.Equal(1, define.ExitCode);
        Assert.Equal($"error: Failed to define domain from {file}\nerror: operation forbidden: read only access prevents virDomainDefineXML\n", define.Stderr);
        var suspend = await Cli.Virsh(s.ReadOnlyUri, "suspend", "test");
        Assert.Contains("error: operation forbidden: read only access prevents virDomainSuspend", suspend.Stderr);
        var list = await Cli.RunAsync("virsh", ["-r", "-c", s.ReadOnlyUri, "list", "--all"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(" 1    test   running", list.Stdout);
    }

    [Fact]
    public async Task Console_echoes_through_a_terminal_and_ctrl_bracket_detaches()
    {
        RequireVirsh();
        MachineSetUp.Require(File.Exists("/usr/bin/python3"), "Debian's /usr/bin/python3 (package python3; it gives virsh a terminal)");
        await using var s = await TestServer.StartAsync(new() { WithDefaultDomain = true });
        var script = Path.Combine(AppContext.BaseDirectory, "Scripts", "console.py");
        var r = await Cli.RunAsync("/usr/bin/python3", [script, s.Uri, "test", "hello-console"]);
        r.ShouldPrint("Connected to domain 'test'");
        r.ShouldPrint("Escape character is ^] (Ctrl + ])");
        r.ShouldPrint("hello-console\r");
        r.ShouldPrint("exit=0");
    }

    [Fact]
    public async Task Event_loop_prints_events_caused_by_another_virsh()
    {
        RequireVirsh();
        await using var s = await TestServer.StartAsync();
        await DefineAsync(s, "ev1");
        var watcher = Cli.Virsh(s.Uri, "event", "--all", "--loop", "--timeout", "3");
        await Poll.UntilAsync(() => s.Server.EventRegistrationCount >= 27, "virsh event did not register its callbacks");
        await Ok(s, "start", "ev1");
        await Ok(s, "suspend", "ev1");
        await Ok(s, "destroy", "ev1");
        var r = await watcher;
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            "event 'lifecycle' for domain 'ev1': Started Booted\n" +
            "event 'lifecycle' for domain 'ev1': Suspended Paused\n" +
            "event 'lifecycle' for domain 'ev1': Stopped Destroyed\n" +
            "event loop timed out\nevents received: 3\n\n", r.Stdout);
    }
}
