using System.Collections.Concurrent;
using Vireo.Core.State;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

/// <summary>
/// shutdown and reboot through the guest agent (virsh --mode agent, and libvirt's default when the agent is
/// connected) against vireod with a real TCG guest running qemu-ga: the guest reboots itself (it boots again,
/// its domain id unchanged) or powers off, and QEMU's ACPI power button is not pressed (no POWERDOWN event);
/// without an agent the call fails with libvirt's errors, or falls back to the button with --mode acpi,agent.
/// </summary>
public sealed class AgentPowerTests
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Reboot_through_the_agent_reboots_the_guest_and_shutdown_uses_the_connected_agent_by_default()
    {
        await using var served = await ServedEngine.StartAsync();
        var name = await served.StartGuestAsync("agpow", DemoKit.WithAgentChannel);
        var id = (await served.VirshOkAsync("domid", name)).Trim();
        await using var console = await served.ReadyConsoleAsync(name); // the agent is connected
        var qmpEvents = Record(served, name);
        var before = console.Length;

        Assert.Equal($"Domain '{name}' is being rebooted\n\n", await served.VirshOkAsync("reboot", name, "--mode", "agent"));
        await console.WaitForAsync("SeaBIOS (version", before, ConsoleReader.BootTimeout); // the guest boots again
        await console.WaitUntilReadyAsync(before);
        Assert.Equal(id, (await served.VirshOkAsync("domid", name)).Trim());
        Assert.Contains("RESET", qmpEvents);
        Assert.DoesNotContain("POWERDOWN", qmpEvents); // the guest rebooted itself: no power button

        await served.AgentConnectedAsync(name);
        using var events = new EventLog(served.Driver.Events, name);
        Assert.Equal($"Domain '{name}' is being shutdown\n\n", await served.VirshOkAsync("shutdown", name)); // no mode: the agent, as it is connected
        await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Shutdown, EventTimeout);
        Assert.DoesNotContain("POWERDOWN", qmpEvents);
        Assert.Equal("shut off (shutdown)", (await served.VirshOkAsync("domstate", name, "--reason")).Trim());
    }

    [Fact]
    public async Task Without_an_agent_agent_mode_fails_as_libvirt_says_and_acpi_agent_presses_the_button()
    {
        await using var served = await ServedEngine.StartAsync();
        var noChannel = await served.StartGuestAsync("agnoch");
        var noAgent = await served.StartGuestAsync("agnoga", x => DemoKit.WithAgentChannel(x)
            .Replace("no_timer_check</cmdline>", "no_timer_check vireo.noqga=1</cmdline>", StringComparison.Ordinal));
        await using (await served.ReadyConsoleAsync(noChannel)) { }
        await using (await served.ReadyConsoleAsync(noAgent)) { }

        foreach (var (verb, what) in new[] { ("shutdown", "shutdown"), ("reboot", "reboot") })
        {
            Assert.StartsWith($"error: Failed to {what} domain '{noChannel}'\nerror: argument unsupported: QEMU guest agent is not configured",
                (await served.VirshFailsAsync(verb, noChannel, "--mode", "agent")).Trim(), StringComparison.Ordinal);
            Assert.StartsWith($"error: Failed to {what} domain '{noAgent}'\nerror: Guest agent is not responding: QEMU guest agent is not connected",
                (await served.VirshFailsAsync(verb, noAgent, "--mode", "agent")).Trim(), StringComparison.Ordinal);
        }
        Assert.Equal("running (booted)", (await served.VirshOkAsync("domstate", noAgent, "--reason")).Trim());

        var qmpEvents = Record(served, noAgent);
        using var events = new EventLog(served.Driver.Events, noAgent);
        Assert.Equal($"Domain '{noAgent}' is being shutdown\n\n", await served.VirshOkAsync("shutdown", noAgent, "--mode", "acpi,agent"));
        await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Shutdown, EventTimeout);
        Assert.Contains("POWERDOWN", qmpEvents); // the agent failed, so the power button was pressed

        await served.VirshOkAsync("suspend", noChannel);
        Assert.Equal($"error: Failed to shutdown domain '{noChannel}'\nerror: Requested operation is not valid: domain is not running",
            (await served.VirshFailsAsync("shutdown", noChannel, "--mode", "agent")).Trim());
    }

    /// <summary>The names of the QMP events QEMU sends for the guest from now on.</summary>
    internal static ConcurrentQueue<string> Record(ServedEngine served, string name)
    {
        var names = new ConcurrentQueue<string>();
        served.Guest(name).QmpEventReceived += e => names.Enqueue(e.Name);
        return names;
    }
}
