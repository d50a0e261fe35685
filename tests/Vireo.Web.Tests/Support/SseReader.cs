using System.Text.Json.Nodes;

namespace Vireo.Web.Tests.Support;

/// <summary>Reads an event stream frame by frame (event name, data as JSON); comment lines are counted and skipped.</summary>
internal sealed class SseReader(HttpResponseMessage response, Stream stream) : IAsyncDisposable
{
    private readonly StreamReader _reader = new(stream);

    public HttpResponseMessage Response => response;
    public int Comments { get; private set; }

    public static async Task<SseReader> OpenAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event frame; fails after a minute (something is badly wrong then, not slow).</summary>
    public async Task<(string Event, JsonNode Data)> NextAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        string? name = null, data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(deadline.Token) ?? throw new EndOfStreamException("the event stream ended");
            if (line.Length == 0)
            {
                if (name is not null && data is not null) return (name, JsonNode.Parse(data)!);
                continue;
            }
            if (line.StartsWith(':')) Comments++;
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line["data: ".Length..];
        }
    }

    /// <summary>Skips frames until one matches (other guests' or earlier events may come first).</summary>
    public async Task<JsonNode> NextLifecycleAsync(string domain, string type)
    {
        while (true)
        {
            var (e, data) = await NextAsync();
            if (e == "lifecycle" && (string?)data["domain"]!["name"] == domain && (string?)data["type"] == type) return data;
        }
    }

    /// <summary>Reads until a keepalive comment line arrives.</summary>
    public async Task WaitForCommentAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var line = await _reader.ReadLineAsync(deadline.Token) ?? throw new EndOfStreamException("the event stream ended");
            if (line.StartsWith(':')) return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        response.Dispose();
        await Task.CompletedTask;
    }
}
