using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vireo.Qemu.Qmp;

/// <summary>A message from QEMU: the greeting, a reply to a command, or an asynchronous event.</summary>
public abstract record QmpMessage
{
    /// <summary>
    /// Parses one line QEMU sent. Throws <see cref="FormatException"/> for text that is not a QMP
    /// message (the connection is then unusable: QEMU never sends partial objects on a line).
    /// </summary>
    public static QmpMessage Parse(ReadOnlySpan<byte> utf8Line)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8Line, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"QEMU sent a QMP line that is not JSON: {e.Message}", e);
        }
        if (node is not JsonObject obj)
            throw new FormatException("QEMU sent a QMP line that is not a JSON object.");

        if (obj["event"] is JsonValue ev)
            return new QmpEvent(ev.GetValue<string>(), obj["data"] as JsonObject, ParseTimestamp(obj["timestamp"]));
        if (obj["QMP"] is JsonObject greeting)
            return QmpGreeting.FromJson(greeting);
        // Our own commands carry number ids; a text id marks a client's raw command (QmpClient.ExecuteRawAsync).
        if (obj["id"] is JsonValue sid && sid.TryGetValue(out string? rawId) && (obj.ContainsKey("return") || obj.ContainsKey("error")))
            return new QmpRawReply(rawId, obj);
        long? id = obj["id"] is JsonValue idv && idv.TryGetValue(out long l) ? l : null;
        if (obj.ContainsKey("return"))
            return new QmpReturn(id, obj["return"]?.DeepClone());
        if (obj["error"] is JsonObject err)
            return new QmpErrorReply(id, (string?)err["class"] ?? "GenericError", (string?)err["desc"] ?? "(no description)");
        throw new FormatException($"QEMU sent a QMP object that is neither greeting, reply nor event: {Truncate(obj.ToJsonString())}");
    }

    private static DateTimeOffset ParseTimestamp(JsonNode? ts)
    {
        if (ts is not JsonObject t || t["seconds"] is not JsonValue s || t["microseconds"] is not JsonValue us)
            return DateTimeOffset.UnixEpoch;
        return DateTimeOffset.FromUnixTimeSeconds(s.GetValue<long>()).AddTicks(us.GetValue<long>() * 10);
    }

    internal static string Truncate(string s) => s.Length > 300 ? s[..300] + "..." : s;
}

/// <summary>The first line on a QMP connection.</summary>
public sealed record QmpGreeting(int Major, int Minor, int Micro, string Package, IReadOnlyList<string> Capabilities) : QmpMessage
{
    public Version Version => new(Major, Minor, Micro);

    internal static QmpGreeting FromJson(JsonObject qmp)
    {
        var q = qmp["version"]?["qemu"];
        return new QmpGreeting((int?)q?["major"] ?? 0, (int?)q?["minor"] ?? 0, (int?)q?["micro"] ?? 0,
            ((string?)qmp["version"]?["package"] ?? "").Trim(),
            (qmp["capabilities"] as JsonArray)?.Select(c => (string?)c ?? "").ToList() ?? []);
    }
}

/// <summary>A successful reply; <see cref="Value"/> is the "return" member (often an empty object).</summary>
public sealed record QmpReturn(long? Id, JsonNode? Value) : QmpMessage;

/// <summary>The reply to a raw command (its id is text): the whole object, kept as QEMU sent it.</summary>
public sealed record QmpRawReply(string Id, JsonObject Whole) : QmpMessage
{
    // As QMP writes JSON: UTF-8 as is, no spaces; only '"', '\\' and control characters escaped.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The reply as one line of compact JSON, members in QEMU's order.</summary>
    public string ToJson() => Whole.ToJsonString(Compact);
}

/// <summary>A failed command: QEMU's error class (e.g. CommandNotFound, DeviceNotActive) and its sentence.</summary>
public sealed record QmpErrorReply(long? Id, string Class, string Description) : QmpMessage;

/// <summary>An asynchronous event (STOP, RESUME, SHUTDOWN, BLOCK_JOB_READY...), with QEMU's own timestamp.</summary>
public sealed record QmpEvent(string Name, JsonObject? Data, DateTimeOffset Timestamp) : QmpMessage
{
    public string? GetString(string member) => Data?[member] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
    public bool? GetBool(string member) => Data?[member] is JsonValue v && v.TryGetValue(out bool b) ? b : null;
    public long? GetLong(string member) => Data?[member] is JsonValue v && v.TryGetValue(out long l) ? l : null;
}
