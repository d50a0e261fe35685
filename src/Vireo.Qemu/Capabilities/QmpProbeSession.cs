using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Vireo.Qemu.Capabilities;

/// <summary>
/// The smallest QMP conversation the capabilities probe (and the argv smoke tests) need: read the
/// greeting, negotiate, run commands one at a time and return each "return" value. QEMU writes one
/// JSON object per line; replies are matched by id and events in between are skipped (nobody here
/// waits for one). The driver's full client with event queues lives in Qmp/.
/// </summary>
public sealed class QmpProbeSession : IAsyncDisposable
{
    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly StreamReader reader;
    private int nextId;

    private QmpProbeSession(Socket socket)
    {
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: false);
        reader = new StreamReader(stream, new UTF8Encoding(false));
    }

    /// <summary>The "QMP" object of the greeting, raw.</summary>
    public string Greeting { get; private set; } = "";

    /// <summary>Takes over a connected socket, reads the greeting and leaves capabilities negotiation mode.</summary>
    public static async Task<QmpProbeSession> StartAsync(Socket connected, CancellationToken ct)
    {
        var session = new QmpProbeSession(connected);
        try
        {
            using var greeting = await session.ReadMessageAsync(ct).ConfigureAwait(false);
            if (!greeting.RootElement.TryGetProperty("QMP", out var qmp))
                throw new IOException($"QEMU's first QMP message is not a greeting: {greeting.RootElement.GetRawText()}");
            session.Greeting = qmp.GetRawText();
            await session.ExecuteAsync("qmp_capabilities", null, ct).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs one command; returns its "return" value as raw JSON, or throws with QEMU's error class and text.</summary>
    public async Task<string> ExecuteAsync(string command, string? argumentsJson, CancellationToken ct)
    {
        var id = $"probe-{++nextId}";
        var request = argumentsJson is null
            ? $"{{\"execute\":{JsonSerializer.Serialize(command, QmpProbeJson.Default.String)},\"id\":\"{id}\"}}\n"
            : $"{{\"execute\":{JsonSerializer.Serialize(command, QmpProbeJson.Default.String)},\"arguments\":{argumentsJson},\"id\":\"{id}\"}}\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), ct).ConfigureAwait(false);
        while (true)
        {
            using var message = await ReadMessageAsync(ct).ConfigureAwait(false);
            var root = message.RootElement;
            if (root.TryGetProperty("event", out _)) continue;
            if (!root.TryGetProperty("id", out var got) || got.ValueKind != JsonValueKind.String || got.GetString() != id) continue;
            if (root.TryGetProperty("return", out var ret)) return ret.GetRawText();
            if (root.TryGetProperty("error", out var error))
            {
                var cls = error.TryGetProperty("class", out var c) ? c.GetString() : "?";
                var desc = error.TryGetProperty("desc", out var d) ? d.GetString() : "?";
                throw new QmpCommandException(command, cls ?? "?", desc ?? "?");
            }
            throw new IOException($"QEMU answered {command} with neither return nor error: {root.GetRawText()}");
        }
    }

    private async Task<JsonDocument> ReadMessageAsync(CancellationToken ct)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync(ct).ConfigureAwait(false)
                ?? throw new EndOfStreamException("QEMU closed the QMP connection.");
            if (line.Length == 0) continue;
            return JsonDocument.Parse(line);
        }
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        stream.Dispose();
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A QMP command answered with an error.</summary>
public sealed class QmpCommandException(string command, string errorClass, string description)
    : Exception($"QEMU refused the QMP command {command}: {description} ({errorClass}).")
{
    public string Command { get; } = command;
    public string ErrorClass { get; } = errorClass;
    public string Description { get; } = description;
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class QmpProbeJson : System.Text.Json.Serialization.JsonSerializerContext;
