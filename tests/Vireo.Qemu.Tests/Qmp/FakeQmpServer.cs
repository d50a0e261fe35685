using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Vireo.Platform.Sockets;

namespace Vireo.Qemu.Tests.Qmp;

/// <summary>The QEMU end of a socket pair, scripted by a test to produce the edge cases real QEMU rarely shows.</summary>
internal sealed class FakeQmpServer : IAsyncDisposable
{
    public const string Greeting = """{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "test"}, "capabilities": ["oob"]}}""";

    private readonly Socket _server;
    private readonly StreamReader _reader;

    public FakeQmpServer()
    {
        (_server, ClientSocket) = UnixSocket.CreatePair();
        _reader = new StreamReader(new NetworkStream(_server, ownsSocket: false), Encoding.UTF8);
    }

    /// <summary>The end to hand to QmpClient.OpenAsync.</summary>
    public Socket ClientSocket { get; }

    public Task SendRawAsync(string text) => _server.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None);

    public Task SendLineAsync(string json) => SendRawAsync(json + "\r\n");

    public async Task<JsonObject> ReadCommandAsync()
    {
        string line = await _reader.ReadLineAsync() ?? throw new EndOfStreamException("client closed");
        return JsonNode.Parse(line)!.AsObject();
    }

    /// <summary>Greets, answers qmp_capabilities, and returns once the client is ready.</summary>
    public async Task HandshakeAsync()
    {
        await SendLineAsync(Greeting);
        var caps = await ReadCommandAsync();
        Assert.Equal("qmp_capabilities", (string?)caps["execute"]);
        await ReturnAsync(caps, "{}");
    }

    public Task ReturnAsync(JsonObject command, string valueJson) =>
        SendLineAsync($"{{\"return\": {valueJson}, \"id\": {command["id"]!.ToJsonString()}}}");

    public static string Event(string name, string? dataJson = null) =>
        $"{{\"timestamp\": {{\"seconds\": 1700000000, \"microseconds\": 5}}, \"event\": \"{name}\"{(dataJson != null ? $", \"data\": {dataJson}" : "")}}}";

    public void Close() => _server.Dispose();

    public ValueTask DisposeAsync()
    {
        _server.Dispose();
        ClientSocket.Dispose();
        return ValueTask.CompletedTask;
    }
}
