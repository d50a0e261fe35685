using Microsoft.Extensions.Logging;
using Vireo.Core.Domain;
using Vireo.Drivers.Events;
using Vireo.Drivers.Runtime;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Agent;

/// <summary>
/// Follows whether the guest has each virtio channel open, as libvirt does: query-chardev when QEMU is up
/// (at start, before the guest runs, every port is closed; on reconnect, whatever it is now), then every
/// VSERPORT_CHANGE. The states go to <see cref="GuestProcess.ChannelStates"/> (live XML; the agent's calls
/// fail at once on a closed channel instead of after their timeout), and a change of the agent's channel
/// is libvirt's agent-lifecycle event: "disconnected, domain started" at boot, "connected, channel event"
/// once qemu-guest-agent opens its port.
/// </summary>
internal sealed class ChannelStateWatch(DriverContext ctx) : IGuestRunHook
{
    public Task StartingAsync(DomainObject dom, GuestProcess guest, CancellationToken ct) => WatchAsync(dom, guest, ChannelStates.ReasonDomainStarted, ct);

    public Task ReconnectedAsync(DomainObject dom, GuestProcess guest, CancellationToken ct) => WatchAsync(dom, guest, ChannelStates.ReasonChannel, ct);

    public Task EndedAsync(string name, int id) => Task.CompletedTask;

    private async Task WatchAsync(DomainObject dom, GuestProcess guest, int firstReason, CancellationToken ct)
    {
        var channels = guest.Live.Devices.Channels;
        if (!channels.Any(c => c.TargetType == ChannelTargetType.Virtio)) return;
        var agent = ChannelStates.AgentIndex(guest.Live);
        // Subscribed before the query: a port event that overtakes the answer wins over it.
        guest.QmpEventReceived += e =>
        {
            if (e.Name != "VSERPORT_CHANGE" || ChannelStates.ChannelOfPort(e.GetString("id"), channels) is not { } k || e.GetBool("open") is not { } open) return;
            Set(dom, guest, k, open ? ChannelState.Connected : ChannelState.Disconnected, agent, ChannelStates.ReasonChannel, overwrite: true);
        };
        Dictionary<int, ChannelState> queried;
        try
        {
            queried = ChannelStates.FromQueryChardev(await guest.RequireMonitor().ExecuteAsync(new QmpCommand("query-chardev"), ct).ConfigureAwait(false), channels);
        }
        catch (QmpException e)
        {
            // Without the states the guest still runs; the agent's calls then wait for their timeout as before.
            ctx.Log.LogWarning("Domain {Name}: QEMU did not report its channels' states: {Error}", dom.Name, e.Message);
            return;
        }
        foreach (var (k, state) in queried) Set(dom, guest, k, state, agent, firstReason, overwrite: false);
    }

    private void Set(DomainObject dom, GuestProcess guest, int channel, ChannelState state, int? agent, int reason, bool overwrite)
    {
        bool changed;
        if (overwrite)
        {
            changed = !guest.ChannelStates.TryGetValue(channel, out var old) || old != state;
            guest.ChannelStates[channel] = state;
        }
        else changed = guest.ChannelStates.TryAdd(channel, state);
        if (!changed || channel != agent) return;
        ctx.Log.LogDebug("Domain {Name}: guest agent channel {State}", dom.Name, state);
        ctx.Events.Publish(new AgentLifecycleEvent(dom.Ref, ChannelStates.EventState(state), reason));
    }
}
