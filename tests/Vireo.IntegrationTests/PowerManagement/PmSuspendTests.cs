using Vireo.IntegrationTests.Support;
using Vireo.Qemu.Qmp;

namespace Vireo.IntegrationTests.PowerManagement;

/// <summary>
/// dompmsuspend/dompmwakeup against vireod with a real TCG guest (the kit's kernel, ACPI and qemu-guest-agent):
/// the guest agent suspends the guest to RAM (QEMU reports status 'suspended') and system_wakeup brings it back;
/// the refusals of a shut-off domain, a domain without the agent and a disabled S3 state, as libvirtd 9.0 words them.
/// </summary>
public sealed class PmSuspendTests
{
    [Fact]
    public async Task The_guest_agent_suspends_the_guest_to_ram_and_system_wakeup_wakes_it()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("pm", DemoKit.WithAgentChannel);
        await using (var console = await served.ReadyConsoleAsync(name)) { } // ready includes the agent's port being open

        var registered = served.Rpc.EventRegistrationCount;
        var events = ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt, time
            libvirt.virEventRegisterDefaultImpl()
            conn = libvirt.open('{{served.Uri}}')
            dom = conn.lookupByName('{{name}}')
            seen = []
            conn.domainEventRegisterAny(dom, libvirt.VIR_DOMAIN_EVENT_ID_PMSUSPEND, lambda c, d, r, o: seen.append(('pmsuspend', r)), None)
            conn.domainEventRegisterAny(dom, libvirt.VIR_DOMAIN_EVENT_ID_PMWAKEUP, lambda c, d, r, o: seen.append(('pmwakeup', r)), None)
            conn.domainEventRegisterAny(dom, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lambda c, d, e, det, o: seen.append(('lifecycle', e, det)), None)
            print('registered', flush=True)
            deadline = time.time() + 120
            while len(seen) < 4 and time.time() < deadline:
                libvirt.virEventRunDefaultImpl()
            print(seen)
            """]);
        await Expect.EventuallyAsync(() => Task.FromResult(served.Rpc.EventRegistrationCount), n => n >= registered + 3, "python-libvirt registering its callbacks");

        Assert.Equal($"Domain '{name}' successfully suspended\n", await served.VirshOkAsync("dompmsuspend", name, "mem"));
        await StatusBecomes(served, name, "suspended");
        await Expect.EventuallyAsync(() => served.VirshOkAsync("domstate", name, "--reason"), s => s.Trim() == "pmsuspended (unknown)", "domstate showing pmsuspended");
        Assert.Equal($"Domain '{name}' successfully woken up\n", await served.VirshOkAsync("dompmwakeup", name));
        await StatusBecomes(served, name, "running");
        await Expect.EventuallyAsync(() => served.VirshOkAsync("domstate", name, "--reason"), s => s.Trim() == "running (event wakeup)", "domstate showing the wakeup");
        // As libvirt sends them: PMSUSPEND then PMSuspended/memory (7, 0); PMWAKEUP then Started/wakeup (2, 4).
        var seen = await events;
        Assert.True(seen.ExitCode == 0, seen.ToString());
        Assert.Equal("registered\n[('pmsuspend', 0), ('lifecycle', 7, 0), ('pmwakeup', 0), ('lifecycle', 2, 4)]", seen.Stdout.Trim());

        // vireo: the same two calls. The agent's channel can be seen closed for a moment around the guest's
        // sleep (CI once refused the next suspend with "QEMU guest agent is not connected"), and agent calls are
        // refused until it is open again, as libvirtd refuses them: wait for it as a client would.
        await served.AgentConnectedAsync(name);
        Assert.Equal($"Domain '{name}' successfully suspended\n", await served.VireoOkAsync("dompmsuspend", name, "mem"));
        await StatusBecomes(served, name, "suspended");
        Assert.Equal($"Domain '{name}' successfully woken up\n", await served.VireoOkAsync("dompmwakeup", name));
        await StatusBecomes(served, name, "running");
    }

    [Fact]
    public async Task A_shut_off_domain_a_domain_without_agent_and_a_disabled_S3_state_are_refused()
    {
        await using var served = await ServedEngine.StartAsync();
        var off = await served.DefineGuestAsync("pmoff", DemoKit.WithAgentChannel);
        Assert.Equal($"error: Domain '{off}' could not be suspended\nerror: Requested operation is not valid: domain is not running",
            (await served.VirshFailsAsync("dompmsuspend", off, "mem")).Trim());
        Assert.Equal($"error: Domain '{off}' could not be woken up\nerror: Requested operation is not valid: domain is not running",
            (await served.VirshFailsAsync("dompmwakeup", off)).Trim());

        var noAgent = await served.StartGuestAsync("pmna");
        var refused = await served.VirshFailsAsync("dompmsuspend", noAgent, "mem");
        Assert.StartsWith($"error: Domain '{noAgent}' could not be suspended\nerror: argument unsupported: QEMU guest agent is not configured", refused, StringComparison.Ordinal);

        var noS3 = await served.StartGuestAsync("pms3", xml => DemoKit.WithAgentChannel(xml).Replace("</on_crash>", "</on_crash><pm><suspend-to-mem enabled='no'/></pm>", StringComparison.Ordinal));
        Assert.Equal($"error: Domain '{noS3}' could not be suspended\nerror: Operation not supported: S3 state is disabled for this domain",
            (await served.VirshFailsAsync("dompmsuspend", noS3, "mem")).Trim());

        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt
            d = libvirt.open('{{served.Uri}}').lookupByName('{{noS3}}')
            try:
                d.pMSuspendForDuration(libvirt.VIR_NODE_SUSPEND_TARGET_MEM, 0)
            except libvirt.libvirtError as e:
                print(e.get_error_code(), e.get_error_message())
            """]);
        Assert.Equal((0, "84 Operation not supported: S3 state is disabled for this domain\n"), (python.ExitCode, python.Stdout));
    }

    private static Task StatusBecomes(ServedEngine served, string name, string status) =>
        Expect.EventuallyAsync(async () => (string?)(await served.QmpAsync(name, QmpCommands.QueryStatus()))?["status"], now => now == status,
            $"QEMU's status of '{name}' becoming '{status}'");
}
