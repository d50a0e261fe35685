using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.QemuProgram;

/// <summary>
/// libvirt's QEMU program (libvirt-qemu) against a real TCG guest with its agent, through Debian's virsh
/// (qemu-monitor-command, qemu-agent-command, qemu-monitor-event) and python's libvirt_qemu: QEMU's whole
/// reply with libvirt's id form, HMP text, the agent's whole reply and libvirt's timeout rules, every QMP event
/// with its filters, and the refusals of a read-only connection.
/// </summary>
public sealed class QemuProgramTests
{
    [Fact]
    public async Task Monitor_and_agent_commands_answer_qemus_and_the_agents_whole_replies()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("qmon", DemoKit.WithAgentChannel);
        await served.AgentConnectedAsync(name);

        Assert.Matches($"^{{\"return\":{{\"name\":\"{name}\"}},\"id\":\"libvirt-[0-9]+\"}}$",
            (await served.VirshOkAsync("qemu-monitor-command", name, "{\"execute\":\"query-name\"}")).Trim());
        Assert.Equal("VM status: running", (await served.VirshOkAsync("qemu-monitor-command", name, "--hmp", "info status")).Trim());
        Assert.Contains("\"status\": \"running\"", await served.VirshOkAsync("qemu-monitor-command", name, "--pretty", "{\"execute\":\"query-status\"}"));
        // QEMU's refusal is a reply like any other: libvirt passes it on, the call succeeds.
        Assert.Matches("^{\"id\":\"libvirt-[0-9]+\",\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"The command nosuch has not been found\"}}$",
            (await served.VirshOkAsync("qemu-monitor-command", name, "{\"execute\":\"nosuch\"}")).Trim());

        // The command really runs in the guest's QEMU, and the engine follows what it did (STOP event).
        await served.VirshOkAsync("qemu-monitor-command", name, "{\"execute\":\"stop\"}");
        await Expect.EventuallyAsync(() => served.VirshOkAsync("domstate", name), s => s.Trim() == "paused", $"{name} to be paused by a raw stop");
        await served.VirshOkAsync("qemu-monitor-command", name, "--hmp", "cont");
        await Expect.EventuallyAsync(() => served.VirshOkAsync("domstate", name), s => s.Trim() == "running", $"{name} to run again after HMP cont");

        var info = JsonNode.Parse(await served.VirshOkAsync("qemu-agent-command", name, "{\"execute\":\"guest-info\"}"))!;
        Assert.False(string.IsNullOrEmpty((string?)info["return"]!["version"]));
        Assert.Contains(info["return"]!["supported_commands"]!.AsArray(), c => (string?)c!["name"] == "guest-ping");
        Assert.Equal("{\"return\":{}}", (await served.VirshOkAsync("qemu-agent-command", name, "--timeout", "5", "{\"execute\":\"guest-ping\"}")).Trim());
        Assert.Equal("error: Guest agent is not responding: Guest agent not available for now",
            (await served.VirshFailsAsync("qemu-agent-command", name, "--async", "{\"execute\":\"guest-ping\"}")).Trim());
        Assert.Equal("error: internal error: unable to execute QEMU agent command 'nosuch': The command nosuch has not been found",
            (await served.VirshFailsAsync("qemu-agent-command", name, "{\"execute\":\"nosuch\"}")).Trim());

        // vireo prints what virsh prints (--pretty and --return-value are the client's formatting).
        foreach (var args in new[]
        {
            new[] { "qemu-monitor-command", name, "--return-value", "query-name" },
            ["qemu-monitor-command", name, "--pretty", "--return-value", "query-status"],
            ["qemu-monitor-command", name, "--hmp", "info", "status"],
            ["qemu-agent-command", name, "--block", "{\"execute\":\"guest-sync\",\"arguments\":{\"id\":7}}"],
        })
        {
            var (virsh, vireo) = await served.BothOkAsync(args);
            Assert.Equal(virsh, vireo);
        }
        await served.BothRefuseAsync("error: Guest agent is not responding: Guest agent not available for now",
            "qemu-agent-command", name, "--async", "{\"execute\":\"guest-ping\"}");

        var python = await served.PythonAsync(name, """
            import libvirt_qemu
            def show(f):
                try:
                    print('OK', f())
                except libvirt.libvirtError as e:
                    print('ERR', e.get_error_code(), e.get_error_domain(), e.get_error_message())
            show(lambda: libvirt_qemu.qemuMonitorCommand(d, '{"execute":"query-status","id":"mine"}', 0))
            show(lambda: libvirt_qemu.qemuMonitorCommand(d, '{"execute":"query-status"}', 4))
            show(lambda: libvirt_qemu.qemuMonitorCommand(d, '[1]', 0))
            show(lambda: libvirt_qemu.qemuAgentCommand(d, '{"execute":"guest-sync","arguments":{"id":5}}', -1, 0))
            show(lambda: libvirt_qemu.qemuAgentCommand(d, '{"execute":"guest-ping"}', -3, 0))
            show(lambda: libvirt_qemu.qemuAgentCommand(d, '{"execute":"guest-ping"}', -1, 1))
            """);
        Assert.Equal(
            "ERR 1 10 internal error: Unable to append command 'id' string\n" +
            "ERR 8 10 unsupported flags (0x4) in function qemuDomainQemuMonitorCommandWithFiles\n" +
            "OK {\"error\":{\"class\":\"GenericError\",\"desc\":\"QMP input must be a JSON object\"}}\n" +
            "OK {\"return\":5}\n" +
            "ERR 8 10 invalid argument: guest agent timeout '-3' is less than the minimum '-2'\n" +
            "ERR 8 10 unsupported flags (0x1) in function qemuDomainQemuAgentCommand\n", python);
    }

    [Fact]
    public async Task A_read_only_connection_is_refused_every_procedure_and_a_stopped_domain_is_not_running()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.DefineGuestAsync("qmro");
        var ro = await served.ListenReadOnlyAsync();
        async Task<string> ReadOnlyFails(params string[] args)
        {
            var r = await ProcessRunner.RunAsync("virsh", ["-c", ro, .. args]);
            Assert.True(r.ExitCode != 0, r.ToString());
            return r.Stderr.Trim();
        }
        Assert.Equal("error: operation forbidden: read only access prevents virDomainQemuMonitorCommand",
            await ReadOnlyFails("qemu-monitor-command", name, "{\"execute\":\"query-status\"}"));
        Assert.Equal("error: operation forbidden: read only access prevents virDomainQemuAgentCommand",
            await ReadOnlyFails("qemu-agent-command", name, "{\"execute\":\"guest-ping\"}"));
        Assert.Equal("error: operation forbidden: read only access prevents virConnectDomainQemuMonitorEventRegister",
            await ReadOnlyFails("qemu-monitor-event", "--timeout", "1"));

        await served.BothRefuseAsync("error: Requested operation is not valid: domain is not running",
            "qemu-monitor-command", name, "{\"execute\":\"query-status\"}");
        await served.BothRefuseAsync("error: Requested operation is not valid: domain is not running",
            "qemu-agent-command", name, "{\"execute\":\"guest-ping\"}");
    }

    [Fact]
    public async Task Every_qmp_event_reaches_virsh_and_python_callbacks_through_their_filters()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("qmev");
        await using var virsh = LineCapture.Start("virsh", "-c", served.Uri, "qemu-monitor-event", "--domain", name, "--loop", "--timeout", "300");
        await using var python = LineCapture.Python($$"""
            import libvirt, libvirt_qemu
            libvirt.virEventRegisterDefaultImpl()
            c = libvirt.open('{{served.Uri}}')
            d = c.lookupByName('{{name}}')
            def cb(conn, dom, event, seconds, micros, details, opaque):
                print(opaque, dom.name(), event, details, flush=True)
            libvirt_qemu.qemuMonitorEventRegister(c, None, 'stop|res', cb, 'regex-nocase', 3)
            libvirt_qemu.qemuMonitorEventRegister(c, d, 'stop', cb, 'exact', 0)
            libvirt_qemu.qemuMonitorEventRegister(c, d, 'BALLOON', cb, 'regex', 1)
            print('registered', flush=True)
            while True:
                libvirt.virEventRunDefaultImpl()
            """);
        await python.WaitAsync(t => t.StartsWith("registered\n", StringComparison.Ordinal), "the python callbacks to register");

        // virsh says nothing once it has registered: pause and resume until it prints the STOP.
        await Expect.EventuallyAsync(async () =>
        {
            await served.VirshOkAsync("suspend", name);
            await served.VirshOkAsync("resume", name);
            return virsh.Text;
        }, t => t.Contains("event STOP", StringComparison.Ordinal), "virsh qemu-monitor-event to register");
        await served.VirshOkAsync("setmem", name, "200M", "--live");

        await virsh.WaitAsync(t => t.Contains("\"actual\":209715200", StringComparison.Ordinal), "virsh to print the balloon's change");
        Assert.Matches($@"event STOP at [0-9]+\.[0-9]{{6}} for domain '{name}': <null>", virsh.Text);
        Assert.Matches($@"event RESUME at [0-9]+\.[0-9]{{6}} for domain '{name}': <null>", virsh.Text);
        Assert.Matches($@"event BALLOON_CHANGE at [0-9]+\.[0-9]{{6}} for domain '{name}': {{""actual"":209715200}}", virsh.Text);

        await python.WaitAsync(t => t.Contains("209715200", StringComparison.Ordinal), "python's regex callback to see the balloon's change");

        // vireo's qemu-monitor-event (in this process) prints the first STOP as virsh does, then stops.
        var vireo = served.VireoAsync("qemu-monitor-event", "--domain", name, "--event", "stop", "--no-case", "--timeout", "120");
        await Expect.EventuallyAsync(async () =>
        {
            await served.VirshOkAsync("suspend", name);
            await served.VirshOkAsync("resume", name);
            return vireo.IsCompleted;
        }, done => done, "vireo qemu-monitor-event to print a STOP");
        var printed = await vireo;
        Assert.Equal(0, printed.ExitCode);
        Assert.Matches($@"^event STOP at [0-9]+\.[0-9]{{6}} for domain '{name}': <null>\nevents received: 1\n$", printed.Stdout);
        var lines = python.Lines.Skip(1).ToArray();
        Assert.Contains($"regex-nocase {name} STOP None", lines);
        Assert.Contains($"regex-nocase {name} RESUME None", lines);
        Assert.Contains($"regex {name} BALLOON_CHANGE {{\"actual\":209715200}}", lines);
        // An exact name is matched with its case: "stop" is not STOP.
        Assert.DoesNotContain(lines, l => l.StartsWith("exact ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("regex-nocase", StringComparison.Ordinal) && l.Contains("BALLOON", StringComparison.Ordinal));
    }
}
