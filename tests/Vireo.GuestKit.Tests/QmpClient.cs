using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Vireo.GuestKit.Tests;

/// <summary>
/// Minimal QMP client for the kit tests: one command at a time, replies matched by id,
/// every event kept in order (none dropped while nobody waits for it).
/// </summary>
public sealed class QmpClient : IAsyncDisposable
{
    private readonly JsonLineConnection _connection;
    private readonly Channel<JsonObject> _replies = Channel.CreateUnbounded<JsonObject>();
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly SemaphoreSlim _oneCommand = new(1, 1);
    private readonly Task _readLoop;
    private int _nextId;

    private QmpClient(JsonLineConnection connection)
    {
        _connection = connection;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    public static async Task<QmpClient> ConnectAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = await JsonLineConnection.ConnectAsync(socketPath, timeout, cancellationToken);
        var greeting = await connection.ReceiveAsync(cancellationToken);
        if (greeting?["QMP"] is null)
        {
            await connection.DisposeAsync();
            throw new InvalidDataException($"{socketPath} did not greet with QMP: {greeting?.ToJsonString() ?? "end of stream"}");
        }

        var client = new QmpClient(connection);
        await client.ExecuteAsync("qmp_capabilities", null, cancellationToken);
        return client;
    }

    /// <summary>Runs a command; returns its "return" value or throws with QEMU's error description.</summary>
    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments, CancellationToken cancellationToken)
    {
        await _oneCommand.WaitAsync(cancellationToken);
        try
        {
            string id = $"t{Interlocked.Increment(ref _nextId)}";
            var request = new JsonObject { ["execute"] = command, ["id"] = id };
            if (arguments is not null)
            {
                request["arguments"] = arguments;
            }

            await _connection.SendAsync(request, cancellationToken);
            while (true)
            {
                var reply = await _replies.Reader.ReadAsync(cancellationToken);
                if (reply["id"]?.GetValue<string>() != id)
                {
                    continue;
                }

                if (reply["error"] is JsonObject error)
                {
                    throw new InvalidOperationException($"QMP {command} failed: {error["desc"]}");
                }

                return reply["return"];
            }
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"QMP connection closed while waiting for the reply to {command}.");
        }
        finally
        {
            _oneCommand.Release();
        }
    }

    /// <summary>Waits for the next event named <paramref name="name"/>; events before it are passed over.</summary>
    public async Task<JsonObject> WaitForEventAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var message = await _events.Reader.ReadAsync(deadline.Token);
                if (message["event"]?.GetValue<string>() == name)
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"QMP event {name} did not arrive within {timeout.TotalSeconds:0} s.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"QMP connection closed before event {name} arrived.");
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _connection.ReceiveAsync(CancellationToken.None) is { } message)
            {
                var target = message.ContainsKey("event") ? _events : _replies;
                target.Writer.TryWrite(message);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // QEMU went away: treated like end of stream below.
        }
        finally
        {
            _replies.Writer.TryComplete();
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _readLoop;
        _oneCommand.Dispose();
    }
}
