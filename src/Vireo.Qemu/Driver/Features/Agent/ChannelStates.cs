using System.Text.Json.Nodes;
using Vireo.Core.Domain;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Driver.Features.Agent;

/// <summary>
/// Whether the guest side of each virtio channel is open, as QEMU reports it (query-chardev's
/// "frontend-open", VSERPORT_CHANGE's "open"), and how libvirt shows it: state='connected' or
/// 'disconnected' on the channel's &lt;target&gt; in the live XML. Channel k is the chardev
/// "charchannelK" and the device "channelK" (or its user alias) of <see cref="CommandLine.Devices"/>' CharDeviceArgs.
/// </summary>
internal static class ChannelStates
{
    /// <summary>The guest agent's channel name, the one whose state changes raise libvirt's agent-lifecycle event.</summary>
    public const string AgentChannel = "org.qemu.guest_agent.0";

    /// <summary>libvirt's VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_* values.</summary>
    public static int EventState(ChannelState s) => s == ChannelState.Connected ? 1 : 2;

    /// <summary>VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_DOMAIN_STARTED and _CHANNEL.</summary>
    public const int ReasonDomainStarted = 1, ReasonChannel = 2;

    /// <summary>The index of the agent's channel in <paramref name="def"/>, or null when it has none.</summary>
    public static int? AgentIndex(DomainDef def)
    {
        var channels = def.Devices.Channels;
        for (int k = 0; k < channels.Count; k++)
            if (channels[k].TargetName == AgentChannel) return k;
        return null;
    }

    /// <summary>The states of the virtio channels in a query-chardev answer (channels QEMU reports nothing for are left out).</summary>
    public static Dictionary<int, ChannelState> FromQueryChardev(JsonNode? answer, IReadOnlyList<ChannelDef> channels)
    {
        var open = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (answer is JsonArray list)
            foreach (var entry in list.OfType<JsonObject>())
                if (entry["label"] is JsonValue l && l.TryGetValue(out string? label) && entry["frontend-open"] is JsonValue f && f.TryGetValue(out bool isOpen))
                    open[label] = isOpen;
        var states = new Dictionary<int, ChannelState>();
        for (int k = 0; k < channels.Count; k++)
            if (channels[k].TargetType == ChannelTargetType.Virtio && open.TryGetValue($"charchannel{k}", out var o))
                states[k] = o ? ChannelState.Connected : ChannelState.Disconnected;
        return states;
    }

    /// <summary>The channel a VSERPORT_CHANGE names by its device id, or null for another port (a virtio console).</summary>
    public static int? ChannelOfPort(string? deviceId, IReadOnlyList<ChannelDef> channels)
    {
        if (deviceId is null) return null;
        for (int k = 0; k < channels.Count; k++)
            if (DeviceAliases.Channel(channels[k], k) == deviceId) return k;
        return null;
    }

    /// <summary>The live definition as libvirt shows it: every channel with a known state carries it on its target.</summary>
    public static DomainDef Apply(DomainDef def, IReadOnlyDictionary<int, ChannelState> states)
    {
        if (states.Count == 0) return def;
        var channels = def.Devices.Channels
            .Select((c, k) => states.TryGetValue(k, out var s) ? c with { TargetState = s } : c)
            .ToList();
        return def with { Devices = def.Devices with { Channels = channels } };
    }
}
