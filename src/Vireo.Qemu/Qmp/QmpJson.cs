using System.Text.Json.Nodes;

namespace Vireo.Qemu.Qmp;

/// <summary>Tolerant readers for reply members: QEMU adds members across versions and omits optional ones.</summary>
internal static class QmpJson
{
    public static string? Str(this JsonNode? n, string key) => n?[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
    public static long? Long(this JsonNode? n, string key) => n?[key] is JsonValue v && v.TryGetValue(out long l) ? l : null;
    public static bool Bool(this JsonNode? n, string key) => n?[key] is JsonValue v && v.TryGetValue(out bool b) && b;

    /// <summary>Unsigned 64-bit members; QEMU uses UINT64_MAX for "not available" (balloon stats), mapped to null.</summary>
    public static ulong? ULong(this JsonNode? n, string key) =>
        n?[key] is JsonValue v && v.TryGetValue(out ulong u) && u != ulong.MaxValue ? u : null;

    public static IEnumerable<JsonNode> Items(this JsonNode? n) => (n as JsonArray)?.OfType<JsonNode>() ?? [];

    public static JsonNode Required(JsonNode? value, string command) =>
        value ?? throw new FormatException($"QEMU's reply to {command} has no return value.");
}
