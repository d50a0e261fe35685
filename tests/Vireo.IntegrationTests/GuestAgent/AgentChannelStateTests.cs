using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests.GuestAgent;

/// <summary>
/// The guest agent's channel state, as libvirtd 9.0 reports it for the same kit (checked live): an
/// agent-lifecycle event "disconnected, domain started" as the guest starts and "connected, channel event"
/// once qemu-guest-agent opens its port; state='connected'/'disconnected' on the channel's target in the live
/// XML only; and agent calls on a guest whose agent never opened the port fail at once with libvirt's
/// "not connected" instead of after the agent timeout.
/// </summary>
public sealed class AgentChannelStateTests
{
    [Fact]
    public async Task Agent_lifecycle_events_and_the_live_xml_follow_the_agent_opening_its_channel()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.DefineGuestAsync("agch", DemoKit.WithAgentChannel);
        // python-libvirt registers for the agent event, starts the guest and waits for two events (bounded).
        var python = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", $$"""
            import libvirt, time
            libvirt.virEventRegisterDefaultImpl()
            conn = libvirt.open('{{served.Uri}}')
            dom = conn.lookupByName('{{name}}')
            seen = []
            conn.domainEventRegisterAny(dom, libvirt.VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE, lambda c, d, state, reason, o: seen.append((d.name(), state, reason)), None)
            dom.create()
            deadline = time.time() + 90
            while len(seen) < 2 and time.time() < deadline:
                libvirt.virEventRunDefaultImpl()
            print(seen)
            """]);
        Assert.True(python.ExitCode == 0, python.ToString());
        // (state, reason): 2 disconnected / 1 domain started, then 1 connected / 2 channel event.
        Assert.Equal($"[('{name}', 2, 1), ('{name}', 1, 2)]", python.Stdout.Trim());

        var live = await served.VirshOkAsync("dumpxml", name);
        Assert.Contains("<target type='virtio' name='org.qemu.guest_agent.0' state='connected'/>", live);
        Assert.DoesNotContain("state=", await served.VirshOkAsync("dumpxml", name, "--inactive"));
        Assert.Contains("hostname", await served.VirshOkAsync("guestinfo", name, "--hostname"));

        // A guest restored from a managed save still has its agent: QEMU carries the open port across.
        await served.VirshOkAsync("managedsave", name);
        await served.VirshOkAsync("start", name);
        Assert.Contains("hostname", await served.VirshOkAsync("guestinfo", name, "--hostname"));
        Assert.Contains("state='connected'", await served.VirshOkAsync("dumpxml", name));
    }

    [Fact]
    public async Task A_guest_whose_agent_never_opens_the_channel_is_refused_at_once_as_not_connected()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("agsilent", xml => DemoKit.WithAgentChannel(xml)
            .Replace("no_timer_check</cmdline>", "no_timer_check vireo.noqga=1</cmdline>", StringComparison.Ordinal));
        await using (var console = await served.ReadyConsoleAsync(name))
            Assert.Contains("no agent", await console.RunAsync("[ -e /dev/virtio-ports/org.qemu.guest_agent.0 ] && ! pidof qemu-ga && echo no agent"));

        Assert.Contains("<target type='virtio' name='org.qemu.guest_agent.0' state='disconnected'/>", await served.VirshOkAsync("dumpxml", name));
        Assert.Equal($"error: Guest agent is not responding: QEMU guest agent is not connected: the guest of domain '{name}' has not opened its "
                     + "org.qemu.guest_agent.0 channel (is qemu-guest-agent running in the guest?)",
            (await served.VirshFailsAsync("guestinfo", name, "--hostname")).Trim());
        Assert.StartsWith("error: Unable to freeze filesystems\nerror: Guest agent is not responding: QEMU guest agent is not connected",
            (await served.VirshFailsAsync("domfsfreeze", name)).Trim());
        Assert.Equal(Vireo.Core.State.DomainState.Running, served.Driver.Domains.State(served.Driver.Domains.LookupByName(name).Uuid).State);
    }
}
