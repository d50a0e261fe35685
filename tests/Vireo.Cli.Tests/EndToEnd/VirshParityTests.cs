using Vireo.Cli.Tests.Support;

namespace Vireo.Cli.Tests.EndToEnd;

/// <summary>
/// Every command run by Debian's virsh and by vireo against the same daemon (the in-memory driver behind the RPC
/// server): stdout, stderr and the exit status must be identical. virsh is the oracle; nothing is hard-coded.
/// </summary>
public sealed class VirshParityTests
{
    private const string Web1Uuid = "1e0c3ca4-5a51-4c5c-9e6c-0a1b2c3d4e5f";

    private static void RequireVirsh() => MachineSetUp.Require(Run.Exists("virsh"), "virsh (libvirt-clients)");

    private static async Task AssertSameAsync(string uri, string[] args, string? because = null)
    {
        var virsh = Normalize((await Run.VirshAsync(uri, args)).ToString());
        var vireo = Normalize((await Run.VireoAsync(["-c", uri, .. args])).ToString());
        Assert.True(virsh == vireo, $"`{string.Join(' ', args)}`{because}\n=== virsh:\n{virsh}\n=== vireo:\n{vireo}");
    }

    /// <summary>The in-memory driver's CPU times run with the clock: their values differ between two calls.</summary>
    private static string Normalize(string output) =>
        System.Text.RegularExpressions.Regex.Replace(output, @"(CPU time:\s+)[0-9.]+s|(cpu\.time=)[0-9]+|(vcpu\.\d+\.time=)[0-9]+", "$1$2$3N");

    public static TheoryData<string> ReadCommands =>
    [
        "list", "list --all", "list --inactive", "list --state-running", "list --state-shutoff", "list --all --state-shutoff",
        "list --all --persistent", "list --all --transient", "list --all --autostart", "list --all --no-autostart",
        "list --all --with-snapshot", "list --persistent", "list --autostart", "list --no-autostart", "list --transient", "list --state-paused", "list --all --without-snapshot", "list --all --state-paused", "list --all --state-other",
        "list --uuid", "list --name --all", "list --all --uuid --name", "list --table --all", "list --table --name",
        "dominfo test", "dominfo web1", "dominfo 1", "dominfo 6695eb01-f6a4-8304-79aa-97f2502e193f", "dominfo nosuch", "dominfo --domain web1",
        "domstate test", "domstate test --reason", "domstate web1 --reason", "domstate " + Web1Uuid,
        "dumpxml test", "dumpxml web1 --inactive", "dumpxml web1 --security-info",
        "domid test", "domid web1", "domid 1", "domname 1", "domname web1", "domname " + Web1Uuid, "domuuid test", "domuuid 1",
        "capabilities", "nodeinfo", "version", "version --daemon", "hostname", "uri", "sysinfo",
        "nodememstats", "nodecpustats", "nodecpustats --cpu 1", "freecell", "freecell --all", "freecell --cellno 1",
        "nodecpumap", "nodecpumap --pretty",
        "vcpuinfo test", "vcpuinfo test --pretty", "vcpuinfo web1", "vcpucount test", "vcpucount web1", "vcpucount test --maximum --live",
        "vcpucount web1 --live", "domblklist test", "domblklist web1", "domblklist web1 --details", "domiflist web1", "domiflist test",
        "domblkstat web1 vda", "domifstat web1 52:54:00:12:34:56",
        "domstats", "domstats test", "domstats --state", "domstats --list-inactive", "domstats --state --list-active web1 test",
        "event --list", "event", "event --all --timeout 1", "event --timeout abc --all",
        "qemu-monitor-command test query-status", "qemu-agent-command test {}", "qemu-monitor-event --timeout 1", "qemu-agent-command test --async --block {}", "qemu-monitor-command test --hmp --return-value x",
        "list --foo", "nosuchcommand", "dominfo", "dominfo a b", "domstate", "console web1",
        // Keys by option and by position are one list in command-line order: the first bad one is named.
        "send-key test bogus2 --keycode bogus1", "send-key test --keycode bogus1 bogus2", "send-key test KEY_A --keycode bogus1 bogus2",
        // Free words go to the positional arguments not given by name, in order; a word nothing takes is refused.
        "domblkstat --domain web1 vda", "domifstat --domain web1 52:54:00:12:34:56", "domblkstat --device vda web1",
        "dominfo --domain test extra", "domblkstat web1 vda extra", "qemu-monitor-command --domain test query-status",
        "qemu-monitor-command test", "qemu-monitor-command --domain test", "send-key --domain test bogus1 KEY_A",
    ];

    [Theory]
    [MemberData(nameof(ReadCommands))]
    public async Task Reads_print_what_virsh_prints(string command)
    {
        RequireVirsh();
        await using var d = await TestDaemon.StartAsync();
        var file = d.WriteXml("web1", Xml.Domain("web1", Web1Uuid, memoryMiB: 300, vcpus: 2));
        Assert.Equal(0, (await Run.VirshAsync(d.Uri, "define", file)).ExitCode);
        await AssertSameAsync(d.Uri, command.Split(' '));
    }

    [Fact]
    public async Task Changes_print_what_virsh_prints_step_by_step()
    {
        RequireVirsh();
        // Two identical daemons: virsh drives one, vireo the other, with the same commands in the same order.
        await using var a = await TestDaemon.StartAsync();
        await using var b = await TestDaemon.StartAsync();
        var xml = Xml.Domain("app1", "2a4c61c8-8e4a-4a64-9a0b-5d6e7f809102");
        var transient = Xml.Domain("tr1", "3b5d72d9-9f5b-4b75-8b1c-6e7f8091a213");
        const string badXml = "<domain><name>x</name></domain>\n";
        string[][] script =
        [
            ["define", "FILE"], ["define", "BAD"], ["define", "/nonexistent/app.xml"], ["list", "--all"],
            ["domcontrol", "app1"], ["domhostname", "app1"], ["domhostname", "app1", "--source", "bogus"], ["start", "app1"], ["start", "app1"], ["domstate", "app1", "--reason"], ["domrename", "app1", "app2"],
            ["domcontrol", "app1"],
            ["suspend", "app1"], ["suspend", "app1"], ["domstate", "app1", "--reason"], ["resume", "app1"], ["resume", "app1"],
            ["reboot", "app1"], ["reset", "app1"], ["shutdown", "app1"], ["shutdown", "app1"], ["domstate", "app1", "--reason"],
            ["start", "app1", "--paused"], ["domstate", "app1", "--reason"], ["destroy", "app1", "--graceful"], ["destroy", "app1"],
            ["domrename", "app1", "app1"], ["domrename", "app1", "app/2"], ["domrename", "app1", "app2"], ["list", "--all"], ["domrename", "app2", "app1"],
            ["autostart", "app1"], ["list", "--all", "--autostart"], ["autostart", "app1", "--disable"], ["dominfo", "app1"],
            ["shutdown", "app1", "--mode", "acpi"], ["shutdown", "app1", "--mode", "bogus"],
            ["create", "TRANSIENT", "--paused"], ["list", "--all", "--transient"], ["undefine", "tr1"], ["destroy", "tr1"],
            ["undefine", "app1", "--snapshots-metadata"], ["undefine", "app1"], ["list", "--all"],
        ];
        var files = new Dictionary<string, (string A, string B)>
        {
            ["FILE"] = (a.WriteXml("app1", xml), b.WriteXml("app1", xml)),
            ["BAD"] = (a.WriteXml("bad", badXml), b.WriteXml("bad", badXml)),
            ["TRANSIENT"] = (a.WriteXml("tr1", transient), b.WriteXml("tr1", transient)),
        };
        foreach (var step in script)
        {
            var argsA = step.Select(s => files.TryGetValue(s, out var f) ? f.A : s).ToArray();
            var argsB = step.Select(s => files.TryGetValue(s, out var f) ? f.B : s).ToArray();
            var virsh = await Run.VirshAsync(a.Uri, argsA);
            var vireo = await Run.VireoAsync(["-c", b.Uri, .. argsB]);
            // The file paths differ between the two daemons' directories; nothing else may.
            var expected = Normalize(virsh.ToString().Replace(a.Dir, "DIR", StringComparison.Ordinal));
            var actual = Normalize(vireo.ToString().Replace(b.Dir, "DIR", StringComparison.Ordinal));
            Assert.True(expected == actual, $"`{string.Join(' ', step)}`\n=== virsh:\n{expected}\n=== vireo:\n{actual}");
        }
    }

    [Fact]
    public async Task Read_only_connections_are_refused_changes_like_virsh()
    {
        RequireVirsh();
        await using var d = await TestDaemon.StartAsync();
        foreach (var args in new[] { new[] { "suspend", "test" }, ["list", "--all"], ["dominfo", "test"], ["destroy", "test"] })
            await AssertSameAsync(d.ReadOnlyUri, args, " on the read-only socket");
    }

    [Fact]
    public async Task Event_loop_prints_the_events_another_client_causes()
    {
        RequireVirsh();
        await using var d = await TestDaemon.StartAsync();
        var file = d.WriteXml("ev1", Xml.Domain("ev1", "4c6e83ea-a06c-4c86-9c2d-7f8091a2b324"));
        Assert.Equal(0, (await Run.VirshAsync(d.Uri, "define", file)).ExitCode);

        async Task<RunResult> Watch(Func<Task<RunResult>> watcher)
        {
            var before = d.Server.EventRegistrationCount;
            var run = watcher();
            await Poll.UntilAsync(() => d.Server.EventRegistrationCount >= before + 27, "the event watcher did not register its 27 callbacks");
            foreach (var c in new[] { "start", "suspend", "resume", "destroy" })
                Assert.Equal(0, (await Run.VirshAsync(d.Uri, c, "ev1")).ExitCode);
            return await run;
        }
        var virsh = await Watch(() => Run.VirshAsync(d.Uri, "event", "--all", "--loop", "--timeout", "3"));
        var vireo = await Watch(() => Run.VireoAsync("-c", d.Uri, "event", "--all", "--loop", "--timeout", "3"));
        Assert.Equal(virsh.ToString(), vireo.ToString());
        Assert.Contains("event 'lifecycle' for domain 'ev1': Stopped Destroyed", vireo.Stdout);
    }
}
