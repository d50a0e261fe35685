using Vireo.Core.State;
using Vireo.IntegrationTests.Support;

namespace Vireo.IntegrationTests;

/// <summary>
/// vireo shutdown and reboot with --mode against vireod and real TCG guests (one running qemu-ga, one without an
/// agent channel): vireo's agent reboot makes the guest reboot itself and its agent shutdown powers it off, with no
/// ACPI power button pressed (QEMU sends no POWERDOWN); acpi,agent falls back to the button; and every refusal
/// (virsh's own mode checks, the daemon's agent errors and unsupported modes, read-only) is what Debian's virsh
/// prints against the same daemon.
/// </summary>
public sealed class AgentPowerCliTests
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Vireo_passes_virshs_modes_and_prints_virshs_lines()
    {
        await using var served = await ServedEngine.StartAsync();
        var withAgent = await served.StartGuestAsync("agcli", DemoKit.WithAgentChannel);
        var noChannel = await served.StartGuestAsync("agclino");
        await using var console = await served.ReadyConsoleAsync(withAgent); // the agent is connected
        await using (await served.ReadyConsoleAsync(noChannel)) { }

        // Refusals first, while both guests run: virsh's, the daemon's, read-only; nothing changes.
        string[][] refused =
        [
            ["shutdown", withAgent, "--mode", "bogus"], ["reboot", withAgent, "--mode", "bogus"], ["shutdown", withAgent, "--mode", ""],
            ["reboot", withAgent, "--mode", "acpi,,agent"], ["shutdown", "nodomain", "--mode", "agent"], ["shutdown", withAgent, "--mode", "initctl"],
            ["reboot", withAgent, "--mode", "signal,agent"], ["shutdown", noChannel, "--mode", "agent"], ["reboot", noChannel, "--mode", "agent"],
        ];
        foreach (var args in refused) Assert.Equal(1, (await served.SameFromBothAsync(args)).ExitCode);
        Assert.StartsWith($"error: Failed to reboot domain '{noChannel}'\nerror: argument unsupported: QEMU guest agent is not configured",
            (await served.SameFromBothAsync("reboot", noChannel, "--mode", "agent")).Stderr, StringComparison.Ordinal);
        Assert.Equal("error: Unknown mode bogus value, expecting 'acpi', 'agent', 'initctl', 'signal' or 'paravirt'\n",
            (await served.SameFromBothAsync("reboot", withAgent, "--mode", "bogus")).Stderr);
        var ro = await served.ListenReadOnlyAsync();
        Assert.Equal($"error: Failed to shutdown domain '{withAgent}'\nerror: operation forbidden: read only access prevents virDomainShutdownFlags\n",
            (await served.SameFromBothOnAsync(ro, "shutdown", withAgent, "--mode", "agent")).Stderr);
        Assert.Equal($"error: Failed to reboot domain '{withAgent}'\nerror: operation forbidden: read only access prevents virDomainReboot\n",
            (await served.SameFromBothOnAsync(ro, "reboot", withAgent, "--mode", "agent")).Stderr);
        Assert.Equal("running (booted)", (await served.VirshOkAsync("domstate", withAgent, "--reason")).Trim());

        // Through the agent: the guest reboots itself (it boots again, same id), then powers off; no power button.
        var id = (await served.VirshOkAsync("domid", withAgent)).Trim();
        var qmpEvents = AgentPowerTests.Record(served, withAgent);
        var before = console.Length;
        Assert.Equal($"Domain '{withAgent}' is being rebooted\n\n", await served.VireoOkAsync("reboot", withAgent, "--mode", "agent"));
        await console.WaitForAsync("SeaBIOS (version", before, ConsoleReader.BootTimeout);
        await console.WaitUntilReadyAsync(before);
        Assert.Equal(id, (await served.VirshOkAsync("domid", withAgent)).Trim());
        await served.AgentConnectedAsync(withAgent);
        using (var events = new EventLog(served.Driver.Events, withAgent))
        {
            Assert.Equal($"Domain '{withAgent}' is being shutdown\n\n", await served.VireoOkAsync("shutdown", withAgent, "--mode", "agent"));
            await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Shutdown, EventTimeout);
        }
        Assert.Contains("RESET", qmpEvents);
        Assert.DoesNotContain("POWERDOWN", qmpEvents);

        // No agent: acpi,agent presses the button after the agent fails.
        var buttonEvents = AgentPowerTests.Record(served, noChannel);
        using (var events = new EventLog(served.Driver.Events, noChannel))
        {
            Assert.Equal($"Domain '{noChannel}' is being shutdown\n\n", await served.VireoOkAsync("shutdown", noChannel, "--mode", "acpi,agent"));
            await events.WaitForLifecycleAsync(LifecycleEventType.Stopped, (int)StoppedDetail.Shutdown, EventTimeout);
        }
        Assert.Contains("POWERDOWN", buttonEvents);
        Assert.Equal("shut off (shutdown)", (await served.VirshOkAsync("domstate", noChannel, "--reason")).Trim());
    }
}
