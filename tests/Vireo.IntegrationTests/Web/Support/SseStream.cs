using System.Text.Json.Nodes;

namespace Vireo.IntegrationTests.Web.Support;

/// <summary>The REST event stream read frame by frame (comments skipped).</summary>
internal sealed class SseStream(HttpResponseMessage response, StreamReader reader) : IAsyncDisposable
{
    public static async Task<SseStream> OpenAsync(HttpClient http, string path)
    {
        var r = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(r.IsSuccessStatusCode, $"{path}: {(int)r.StatusCode}");
        return new SseStream(r, new StreamReader(await r.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next frame; a stream silent for minutes fails the test.</summary>
    public async Task<(string Event, JsonNode Data)> NextAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        string? name = null, data = null;
        while (true)
        {
            string? line;
            try { line = await reader.ReadLineAsync(deadline.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"no event within {timeout.TotalSeconds:0} s"); }
            if (line is null) throw new EndOfStreamException("the event stream ended");
            if (line.Length == 0)
            {
                if (name is not null && data is not null) return (name, JsonNode.Parse(data)!);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
        }
    }

    /// <summary>Skips frames until a lifecycle event of that type for that domain; returns its data.</summary>
    public async Task<JsonNode> LifecycleAsync(string domain, string type, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) Assert.Fail($"no '{type}' event for {domain} on the stream");
            var (e, data) = await NextAsync(left);
            if (e == "lifecycle" && (string?)data["domain"]!["name"] == domain && (string?)data["type"] == type) return data;
        }
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
