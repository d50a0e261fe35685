using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vireo.Platform.Sockets;

namespace Vireo.Qemu.Console;

/// <summary>
/// Vireo's side of a guest serial port. QEMU's chardev socket must have exactly one client, us
/// (qemu-probe §3c: logfile= duplicates characters while a client is attached, and a slow reader
/// makes the 8250 model drop output), so this reads it continuously into a ring buffer (history for
/// late clients) and an append-only log file, and fans the output out to any number of attached
/// sessions. Connect it before `cont` to keep everything from power-on. After a daemon restart, start
/// a new capture on the same socket and log: the log continues and the ring is refilled from its tail.
/// </summary>
public sealed class ConsoleCapture : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ConsoleCaptureOptions _options;
    private readonly ConsoleRingBuffer _ring;
    private readonly ConsoleLogWriter? _log;
    private readonly Lock _lock = new();
    private readonly List<ConsoleSession> _sessions = [];
    private readonly SemaphoreSlim _inputLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _totalBytes;
    private bool _isEnded;

    private ConsoleCapture(Socket socket, ConsoleCaptureOptions options)
    {
        _socket = socket;
        _options = options;
        _ring = new ConsoleRingBuffer(options.RingBufferBytes);
        if (options.LogPath is { } path)
        {
            _ring.Append(ConsoleLogWriter.ReadTail(path, options.RingBufferBytes));
            _log = new ConsoleLogWriter(path, options.MaxPendingLogBytes, options.Logger);
        }
        _ = Task.Run(ReadLoopAsync);
    }

    /// <summary>Connects to the chardev socket (retrying while QEMU starts) and starts reading.</summary>
    public static async Task<ConsoleCapture> StartAsync(ConsoleCaptureOptions options, CancellationToken ct = default)
    {
        Socket socket = await UnixSocket.ConnectAsync(options.SocketPath, options.ConnectTimeout, options.AbandonWhen, ct).ConfigureAwait(false);
        return new ConsoleCapture(socket, options);
    }

    /// <summary>Completes when the console has ended: QEMU closed the socket (guest stopped) or the capture was disposed.</summary>
    public Task Ended => _ended.Task;

    /// <summary>Bytes read from the guest since this capture started (not counting history from the log).</summary>
    public long TotalBytes => Interlocked.Read(ref _totalBytes);

    /// <summary>
    /// Attaches a client. With <paramref name="replayHistory"/> it first receives the ring buffer's
    /// content, then live output with no gap and no duplicate (both taken under one lock).
    /// </summary>
    public ConsoleSession Attach(bool replayHistory)
    {
        var session = new ConsoleSession(this, _options.ClientQueueBytes);
        lock (_lock)
        {
            if (replayHistory && _ring.Count > 0)
                session.Enqueue(_ring.Snapshot());
            if (_isEnded)
                session.End();
            else
                _sessions.Add(session);
        }
        return session;
    }

    internal void Detach(ConsoleSession session)
    {
        lock (_lock)
            _sessions.Remove(session);
    }

    /// <summary>Sends keystrokes to the guest (from any session; writes are serialized).</summary>
    public async ValueTask WriteInputAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (_isEnded)
            throw new IOException($"The console {_options.Name} has ended; the guest is not running.");
        await _inputLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (!data.IsEmpty)
            {
                int n = await _socket.SendAsync(data, SocketFlags.None, ct).ConfigureAwait(false);
                data = data[n..];
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw new IOException($"Could not send input to the console {_options.Name}: it has ended.", e);
        }
        finally
        {
            _inputLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024]; // large reads: QEMU must never wait for us
        try
        {
            while (true)
            {
                int n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (n == 0)
                    break;
                byte[] chunk = buffer.AsSpan(0, n).ToArray(); // shared, immutable, by every session
                Interlocked.Add(ref _totalBytes, n);
                _log?.Append(chunk);
                lock (_lock)
                {
                    _ring.Append(chunk);
                    foreach (var s in _sessions)
                        s.Enqueue(chunk);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _options.Logger.LogInformation("The console {Name} ended: {Reason}", _options.Name, e.Message);
        }
        await EndAsync().ConfigureAwait(false);
    }

    private async Task EndAsync()
    {
        ConsoleSession[] sessions;
        lock (_lock)
        {
            if (_isEnded)
                return;
            _isEnded = true;
            sessions = [.. _sessions];
            _sessions.Clear();
        }
        foreach (var s in sessions)
            s.End();
        _socket.Dispose();
        try
        {
            if (_log != null)
                await _log.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _ended.TrySetResult();
        }
    }

    /// <summary>Disconnects from the chardev (the guest keeps running; its output is lost until a new capture connects).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _ended.Task.ConfigureAwait(false);
    }
}
