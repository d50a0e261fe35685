using System.Net.WebSockets;
using System.Text;

namespace Vireo.IntegrationTests.Web.Support;

/// <summary>
/// The console WebSocket as a browser uses it: a background reader gathers what the guest prints (binary
/// messages, as UTF-8 text) and notes how the server closed the socket.
/// </summary>
internal sealed class WebConsole : IAsyncDisposable
{
    private readonly ClientWebSocket _ws;
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();
    private readonly Task _pump;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebConsole(ClientWebSocket ws)
    {
        _ws = ws;
        _pump = Task.Run(PumpAsync);
    }

    public static async Task<WebConsole> OpenAsync(Vireo.Web.WebServer server, string path)
    {
        var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("Authorization", "Bearer " + server.Token.Value);
        ws.Options.SetRequestHeader("Origin", server.BaseUri!.GetLeftPart(UriPartial.Authority)); // as the page sends it
        await ws.ConnectAsync(new UriBuilder(new Uri(server.BaseUri!, path)) { Scheme = "ws" }.Uri, CancellationToken.None);
        return new WebConsole(ws);
    }

    public string Text { get { lock (_gate) return _text.ToString(); } }

    public int Length { get { lock (_gate) return _text.Length; } }

    public WebSocketCloseStatus? CloseStatus => _ws.CloseStatus;
    public string? CloseReason => _ws.CloseStatusDescription;

    private async Task PumpAsync()
    {
        var buffer = new byte[8192];
        var decoder = Encoding.UTF8.GetDecoder();
        try
        {
            while (true)
            {
                var r = await _ws.ReceiveAsync(buffer, CancellationToken.None);
                if (r.MessageType == WebSocketMessageType.Close) break;
                Assert.Equal(WebSocketMessageType.Binary, r.MessageType);
                var chars = new char[decoder.GetCharCount(buffer, 0, r.Count)];
                decoder.GetChars(buffer, 0, r.Count, chars, 0);
                lock (_gate) _text.Append(chars);
            }
        }
        catch (WebSocketException)
        {
        }
        _closed.TrySetResult();
    }

    /// <summary>Waits (with a deadline) until the output after <paramref name="from"/> holds the text.</summary>
    public async Task WaitForAsync(string literal, TimeSpan timeout, int from = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Text[Math.Min(from, Length)..].Contains(literal, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _closed.Task.IsCompleted && !Text[Math.Min(from, Length)..].Contains(literal, StringComparison.Ordinal))
                Assert.Fail($"The web console did not show '{literal}' within {timeout.TotalSeconds:0} s (closed: {_closed.Task.IsCompleted}). Last output:\n{Tail()}");
            await Task.Delay(20);
        }
    }

    public Task TypeAsync(string text) => _ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Waits until the server closed the socket.</summary>
    public Task ClosedAsync(TimeSpan timeout) => _closed.Task.WaitAsync(timeout);

    private string Tail() => Text.Length > 2000 ? Text[^2000..] : Text;

    public async ValueTask DisposeAsync()
    {
        if (_ws.State == WebSocketState.Open)
        {
            try { await _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); }
            catch (WebSocketException) { }
        }
        await _pump.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _ws.Dispose();
    }
}
