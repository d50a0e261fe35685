using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Drivers.Contracts;
using Vireo.Qemu.Driver.Features.Agent;

namespace Vireo.Qemu.Driver;

/// <summary>
/// shutdown and reboot through the guest agent (libvirt's --mode agent): qemu-ga's guest-shutdown, which runs
/// the guest's own shutdown or reboot. Which means a call uses follows libvirt 9.0's qemuDomainShutdownFlags and
/// qemuDomainReboot: the agent when asked for, or by default when the agent is connected; the power button when
/// asked for, by default otherwise, and after a failed agent attempt unless the agent alone was asked for.
/// </summary>
internal static class AgentPower
{
    /// <summary>guest-shutdown's modes.</summary>
    public const string Powerdown = "powerdown", Reboot = "reboot";

    /// <summary>The plan for <paramref name="flags"/>: whether to try the agent, and whether the power button may follow when it fails.</summary>
    public static (bool UseAgent, bool ButtonAfterFailure) Plan(ShutdownFlags flags, bool agentConnected)
    {
        var agent = flags.HasFlag(ShutdownFlags.GuestAgent);
        var acpi = flags.HasFlag(ShutdownFlags.AcpiPowerButton);
        var useAgent = agent || (flags == ShutdownFlags.Default && agentConnected);
        return (useAgent, !agent || acpi);
    }

    /// <summary>Whether the guest has opened the agent's channel (its state='connected' in the live XML).</summary>
    public static bool Connected(GuestProcess guest) =>
        ChannelStates.AgentIndex(guest.Live) is { } k && guest.ChannelStates.TryGetValue(k, out var s) && s == ChannelState.Connected;

    public static JsonObject Arguments(string mode) => new() { ["mode"] = mode };

    /// <summary>Asks the agent to shut the guest down or reboot it; the guest's own power-off or reset follows.</summary>
    public static async Task SendAsync(GuestProcess guest, string domainName, string mode, CancellationToken ct)
    {
        await using var agent = await GuestAgent.ConnectAsync(guest, domainName, ct).ConfigureAwait(false);
        await agent.SendWithoutReplyAsync("guest-shutdown", ct, Arguments(mode)).ConfigureAwait(false);
    }
}
