using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vireo.Qemu.Qmp;

/// <summary>
/// One QMP command, pure data: <c>{"execute": NAME, "arguments": {...}, "id": N}</c>. Build them with
/// <see cref="QmpCommands"/>; the client adds the id. Arguments are a JsonObject (System.Text.Json.Nodes,
/// no reflection), so the bytes are exactly what the golden tests pin.
/// </summary>
public sealed record QmpCommand(string Name, JsonObject? Arguments = null)
{
    // QMP takes UTF-8 as is; only '"', '\\' and control characters need escaping (no HTML-safe \u0022 forms).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The UTF-8 JSON of this command with the given id, without the trailing newline.</summary>
    public byte[] ToUtf8(long? id)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("execute", Name);
            if (Arguments != null)
            {
                w.WritePropertyName("arguments");
                Arguments.WriteTo(w);
            }
            if (id is { } n)
                w.WriteNumber("id", n);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public string ToJson(long? id = null) => System.Text.Encoding.UTF8.GetString(ToUtf8(id));

    public override string ToString() => ToJson();
}
