using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vireo.Platform.Sockets;

namespace Vireo.Qemu.Qmp;

/// <summary>
/// One QMP connection. Commands may be sent from any thread, many at once: each gets a unique id and
/// its reply is matched by id. Events go to <see cref="Events"/> in arrival order. When the connection
/// ends (QEMU exited, was killed, or the socket broke) every waiting command fails with
/// <see cref="QmpClosedException"/>, <see cref="Events"/> completes and <see cref="Closed"/> completes,
/// so a driver notices a dead QEMU at once. One instance per connection; reconnecting after a daemon
/// restart is a new <see cref="ConnectAsync"/> (QEMU accepts a new client and greets it again).
/// </summary>
public sealed class QmpClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly QmpClientOptions _options;
    private readonly ILogger _log;
    private readonly QmpLineReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, Pending> _pending = new();
    private readonly Channel<QmpEvent> _events;
    private readonly TaskCompletionSource<QmpGreeting> _greeting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private long _nextId;
    private long _droppedEvents;
    private volatile Exception? _closeReason;

    private sealed record Pending(string Command, TaskCompletionSource<JsonNode?> Reply);

    private readonly ConcurrentDictionary<string, TaskCompletionSource<QmpRawReply>> _rawPending = new(StringComparer.Ordinal);

    /// <summary>The text id of a raw command: libvirt's form ("libvirt-N"), which clients of libvirt-qemu see in every reply.</summary>
    public static string RawId(long n) => $"libvirt-{n}";

    private QmpClient(Socket socket, QmpClientOptions options)
    {
        _socket = socket;
        _options = options;
        _log = options.Logger;
        _reader = new QmpLineReader(socket, options.MaxLineBytes);
        _events = Channel.CreateBounded<QmpEvent>(
            new BoundedChannelOptions(options.EventQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true,
            },
            OnEventDropped);
        _ = Task.Run(ReadLoopAsync);
    }

    /// <summary>Connects (retrying until QEMU listens), reads the greeting and negotiates capabilities.</summary>
    public static async Task<QmpClient> ConnectAsync(string socketPath, QmpClientOptions? options = null, CancellationToken ct = default)
    {
        options ??= new QmpClientOptions();
        Socket socket = await UnixSocket.ConnectAsync(socketPath, options.ConnectTimeout, options.AbandonWhen, ct).ConfigureAwait(false);
        return await OpenAsync(socket, options, ct).ConfigureAwait(false);
    }

    /// <summary>Takes over a connected socket (owned from now on), reads the greeting and negotiates capabilities.</summary>
    public static async Task<QmpClient> OpenAsync(Socket connected, QmpClientOptions? options = null, CancellationToken ct = default)
    {
        var client = new QmpClient(connected, options ?? new QmpClientOptions());
        try
        {
            client.Greeting = await client._greeting.Task.WaitAsync(ct).ConfigureAwait(false);
            await client.ExecuteAsync(QmpCommands.Capabilities(), ct).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>QEMU's version and capabilities, from the greeting.</summary>
    public QmpGreeting Greeting { get; private set; } = null!;

    /// <summary>Asynchronous events in arrival order; completes when the connection ends.</summary>
    public ChannelReader<QmpEvent> Events => _events.Reader;

    /// <summary>Completes (never faults) when the connection has ended; see <see cref="CloseReason"/>.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Why the connection ended (a <see cref="QmpClosedException"/>), or null while open.</summary>
    public Exception? CloseReason => _closeReason;

    public bool IsClosed => _closeReason != null;

    /// <summary>Events discarded because nobody read <see cref="Events"/> for too long.</summary>
    public long DroppedEvents => Interlocked.Read(ref _droppedEvents);

    /// <summary>Runs a command and returns its "return" value; throws <see cref="QmpException"/> if QEMU refuses it.</summary>
    /// <remarks>Cancelling stops the wait only: QEMU may still carry the command out (its reply is then discarded).</remarks>
    public Task<JsonNode?> ExecuteAsync(QmpCommand command, CancellationToken ct = default) => SendAsync(command, null, ct);

    /// <summary>
    /// Runs a command that consumes descriptors (getfd, add-fd): they are sent with the command's bytes
    /// (SCM_RIGHTS), which is how QEMU associates them with it.
    /// </summary>
    public Task<JsonNode?> ExecuteWithFdsAsync(QmpCommand command, IReadOnlyList<SafeHandle> fds, CancellationToken ct = default) =>
        SendAsync(command, fds, ct);

    private async Task<JsonNode?> SendAsync(QmpCommand command, IReadOnlyList<SafeHandle>? fds, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        long id = Interlocked.Increment(ref _nextId);
        var pending = new Pending(command.Name, new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending[id] = pending;
        if (_closeReason is { } reason) // closed before or while we registered: the close sweep may have missed us
            FailPending(id, reason);

        byte[] line = [.. command.ToUtf8(id), (byte)'\n'];
        await using (ct.Register(() => { if (_pending.TryRemove(id, out var p)) p.Reply.TrySetCanceled(ct); }).ConfigureAwait(false))
        {
            if (!pending.Reply.Task.IsCompleted)
                await WriteAsync(line, fds, ct).ConfigureAwait(false);
            return await pending.Reply.Task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a client's command object as it is (virsh qemu-monitor-command) with a text id added, and returns
    /// QEMU's whole reply, success or error. The object must not carry an id of its own.
    /// </summary>
    public async Task<QmpRawReply> ExecuteRawAsync(JsonObject command, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var id = RawId(Interlocked.Increment(ref _nextId));
        var reply = new TaskCompletionSource<QmpRawReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _rawPending[id] = reply;
        if (_closeReason is { } reason) FailRaw(id, reason);
        var sent = command.DeepClone().AsObject();
        sent["id"] = id;
        byte[] line = [.. System.Text.Encoding.UTF8.GetBytes(sent.ToJsonString()), (byte)'\n'];
        await using (ct.Register(() => { if (_rawPending.TryRemove(id, out var p)) p.TrySetCanceled(ct); }).ConfigureAwait(false))
        {
            if (!reply.Task.IsCompleted)
                await WriteAsync(line, null, ct).ConfigureAwait(false);
            return await reply.Task.ConfigureAwait(false);
        }
    }

    private void FailRaw(string id, Exception reason)
    {
        if (_rawPending.TryRemove(id, out var p))
            p.TrySetException(new QmpClosedException($"{reason.Message} No reply to a client's command will come.", reason));
    }

    private async Task WriteAsync(byte[] line, IReadOnlyList<SafeHandle>? fds, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (fds is { Count: > 0 })
                await FdPassing.SendAsync(_socket, line, fds, ct).ConfigureAwait(false);
            else
                await _socket.SendAsync(line, SocketFlags.None, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            Close(new QmpClosedException($"The QEMU monitor of {_options.Name} broke while sending a command: {e.Message}", e));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception reason;
        try
        {
            while (await _reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
            {
                if (line.IsEmpty)
                    continue;
                Dispatch(QmpMessage.Parse(line.Span));
            }
            reason = new QmpClosedException($"The QEMU monitor of {_options.Name} closed (QEMU exited).");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // QEMU died with our unread command in its buffer: the kernel resets instead of a plain EOF.
            reason = new QmpClosedException($"The QEMU monitor of {_options.Name} closed (QEMU exited).", e);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            reason = new QmpClosedException($"The QEMU monitor connection of {_options.Name} was closed by Vireo.");
        }
        catch (Exception e)
        {
            reason = new QmpClosedException($"The QEMU monitor connection of {_options.Name} broke: {e.Message}", e);
        }
        Close(reason);
    }

    private void Dispatch(QmpMessage message)
    {
        switch (message)
        {
            case QmpEvent ev:
                _events.Writer.TryWrite(ev); // bounded, DropOldest: never blocks the reader
                break;
            case QmpRawReply raw when _rawPending.TryRemove(raw.Id, out var waiting):
                waiting.TrySetResult(raw);
                break;
            case QmpGreeting g:
                _greeting.TrySetResult(g);
                break;
            case QmpReturn r when r.Id is { } id && _pending.TryRemove(id, out var p):
                p.Reply.TrySetResult(r.Value);
                break;
            case QmpErrorReply e when e.Id is { } id && _pending.TryRemove(id, out var p):
                p.Reply.TrySetException(new QmpException(p.Command, e.Class, e.Description));
                break;
            default:
                // A reply to a cancelled command, or (never expected) one without an id.
                _log.LogDebug("Discarded an unmatched QMP reply from {Name}: {Message}", _options.Name, message);
                break;
        }
    }

    private void OnEventDropped(QmpEvent dropped)
    {
        long n = Interlocked.Increment(ref _droppedEvents);
        if (n == 1 || n % 1000 == 0)
            _log.LogWarning("The QMP event queue of {Name} is full ({Capacity} events): dropped {Event} and {Count} events in total.",
                _options.Name, _options.EventQueueCapacity, dropped.Name, n);
    }

    private void Close(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) != null)
            return;
        _greeting.TrySetException(reason);
        foreach (long id in _pending.Keys)
            FailPending(id, reason);
        foreach (string id in _rawPending.Keys)
            FailRaw(id, reason);
        _events.Writer.TryComplete();
        _stop.Cancel();
        _socket.Dispose();
        _closed.TrySetResult();
    }

    private void FailPending(long id, Exception reason)
    {
        if (_pending.TryRemove(id, out var p))
            p.Reply.TrySetException(new QmpClosedException($"{reason.Message} No reply to '{p.Command}' will come.", reason));
    }

    public async ValueTask DisposeAsync()
    {
        Close(new QmpClosedException($"The QEMU monitor connection of {_options.Name} was closed by Vireo."));
        await _closed.Task.ConfigureAwait(false);
    }
}
