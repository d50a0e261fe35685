using System.Text.Json;
using System.Text.Json.Nodes;
using Vireo.Core.Errors;
using Vireo.Qemu.Qmp;

namespace Vireo.Qemu.Driver.Features.Monitor;

/// <summary>
/// The pure steps of libvirt-qemu's pass-through: reading a client's command text as libvirt's JSON parser
/// does, and turning a QMP event into the event message's fields.
/// </summary>
internal static class MonitorPassThrough
{
    /// <summary>QEMU's answer to QMP input that is JSON but not an object; it carries no id, so libvirt relays it as is.</summary>
    internal const string NotAnObjectReply = "{\"error\":{\"class\":\"GenericError\",\"desc\":\"QMP input must be a JSON object\"}}";

    /// <summary>A client's command text as JSON; libvirt's "cannot parse json ..." (VIR_FROM_NONE) when it is not JSON.</summary>
    public static JsonNode ParseCommand(string text)
    {
        try
        {
            return JsonNode.Parse(text) ?? throw new JsonException("the text is the JSON literal null");
        }
        catch (JsonException e)
        {
            throw VirErrors.Internal($"cannot parse json {text}: {e.Message}", VirErrorDomain.None);
        }
    }

    /// <summary>
    /// The object to send for a QMP command text, or null when QEMU would refuse it for not being an object
    /// (the caller answers <see cref="NotAnObjectReply"/>). libvirt adds its own id: a command with one is refused.
    /// </summary>
    public static JsonObject? QmpCommandOf(string text)
    {
        if (ParseCommand(text) is not JsonObject obj) return null;
        if (obj.ContainsKey("id")) throw VirErrors.Internal("Unable to append command 'id' string");
        return obj;
    }

    /// <summary>The agent command of a text (sent as it is, even when not an object: the agent answers that), and its name for error messages.</summary>
    public static (JsonNode Command, string Name) AgentCommandOf(string text)
    {
        var node = ParseCommand(text);
        return (node, node is JsonObject o && o["execute"] is JsonValue v && v.TryGetValue(out string? name) ? name : "<unknown>");
    }

    /// <summary>QEMU's timestamp as libvirt passes it on: whole seconds since the epoch and the microseconds past them.</summary>
    public static (long Seconds, uint Micros) TimestampOf(DateTimeOffset t)
    {
        var seconds = t.ToUnixTimeSeconds();
        return (seconds, (uint)((t - DateTimeOffset.FromUnixTimeSeconds(seconds)).Ticks / TimeSpan.TicksPerMicrosecond));
    }

    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An event's "data" as compact JSON text, null when the event has none (STOP, RESUME).</summary>
    public static string? DetailsOf(QmpEvent e) => e.Data?.ToJsonString(Compact);

    /// <summary>The agent's whole reply as compact JSON text, as libvirt re-serializes it.</summary>
    public static string ToText(JsonObject reply) => reply.ToJsonString(Compact);
}
