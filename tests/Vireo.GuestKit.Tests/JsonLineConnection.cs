using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Vireo.GuestKit.Tests;

/// <summary>
/// A Unix-socket connection carrying one JSON object per line: what QMP and qemu-guest-agent speak.
/// </summary>
public sealed class JsonLineConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private JsonLineConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
    }

    /// <summary>
    /// Connects to a listening socket QEMU creates shortly after it starts; retries until the
    /// deadline because there is no event to wait for from outside the process.
    /// </summary>
    public static async Task<JsonLineConnection> ConnectAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                return new JsonLineConnection(socket);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    public async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(message.ToJsonString() + "\n");
        await _stream.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>The next JSON object, or null at end of stream.</summary>
    public async Task<JsonObject?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            string? line = await _reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return null;
            }

            // qemu-ga may put a 0xFF sync byte before a reply; anything that is not an object is skipped.
            int start = line.IndexOf('{');
            if (start >= 0 && JsonNode.Parse(line[start..]) is JsonObject message)
            {
                return message;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
