using System.Net.Sockets;
using System.Threading.Channels;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Sockets;

namespace Vireo.Qemu.Driver.Io;

/// <summary>
/// The engine as the only client of a guest's serial socket (qemu-probe 3c: QEMU's own logfile
/// duplicates characters while a client is attached, and a slow reader makes the UART drop them).
/// It reads as fast as QEMU writes, appends to the log file, keeps the last bytes in a ring buffer,
/// and fans out to attached sessions; typing from any session goes to the guest. A session that stops
/// reading is detached rather than allowed to slow the guest down.
/// </summary>
internal sealed class SerialCapture : IGuestConsole
{
    private const int SessionQueueChunks = 4096;

    private readonly Socket _socket;
    private readonly FileStream _log;
    private readonly byte[] _ring;
    private readonly Lock _gate = new();
    private readonly List<Session> _sessions = [];
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private long _total;
    private bool _ended;
    private Task _reader = Task.CompletedTask;

    private SerialCapture(Socket socket, FileStream log, int historyBytes)
    {
        _socket = socket;
        _log = log;
        _ring = new byte[Math.Max(4096, historyBytes)];
    }

    /// <summary>
    /// Connects to the serial socket. The history starts with the tail of the existing log, so after an
    /// engine restart an attaching client still sees what the guest printed before.
    /// </summary>
    public static async Task<SerialCapture> AttachAsync(string socketPath, string logPath, int historyBytes, Task processExited, CancellationToken ct)
    {
        var socket = await UnixSocket.ConnectAsync(socketPath, TimeSpan.FromSeconds(10), processExited, ct).ConfigureAwait(false);
        FileStream log;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
            log = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var capture = new SerialCapture(socket, log, historyBytes);
        capture.LoadHistory(logPath);
        capture._reader = Task.Run(capture.ReadLoopAsync);
        return capture;
    }

    public IConsoleSession Open(bool replayHistory)
    {
        var session = new Session(this);
        lock (_gate)
        {
            if (replayHistory && _total > 0) session.Queue.Writer.TryWrite(History());
            if (_ended) session.Queue.Writer.TryComplete();
            else _sessions.Add(session);
        }
        return session;
    }

    private void LoadHistory(string logPath)
    {
        using var f = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var keep = (int)Math.Min(f.Length, _ring.Length);
        if (keep == 0) return;
        f.Seek(-keep, SeekOrigin.End);
        var tail = new byte[keep];
        f.ReadExactly(tail);
        Remember(tail);
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                int n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (n == 0) break;
                var chunk = buffer.AsSpan(0, n).ToArray();
                await _log.WriteAsync(chunk, _stop.Token).ConfigureAwait(false);
                await _log.FlushAsync(_stop.Token).ConfigureAwait(false);
                Fanout(chunk);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The guest is gone or the engine is closing: end every session below.
        }
        lock (_gate)
        {
            _ended = true;
            foreach (var s in _sessions) s.Queue.Writer.TryComplete();
            _sessions.Clear();
        }
    }

    private void Fanout(byte[] chunk)
    {
        lock (_gate)
        {
            Remember(chunk);
            for (int i = _sessions.Count - 1; i >= 0; i--)
            {
                if (_sessions[i].Queue.Writer.TryWrite(chunk)) continue;
                _sessions[i].Queue.Writer.TryComplete(new VirException(VirErrorCode.OperationFailed, VirErrorDomain.Qemu,
                    "the console client was detached because it did not keep up with the guest's output"));
                _sessions.RemoveAt(i);
            }
        }
    }

    private void Remember(ReadOnlySpan<byte> data)
    {
        if (data.Length >= _ring.Length) data = data[^_ring.Length..];
        int at = (int)(_total % _ring.Length);
        int first = Math.Min(data.Length, _ring.Length - at);
        data[..first].CopyTo(_ring.AsSpan(at));
        data[first..].CopyTo(_ring);
        _total += data.Length;
    }

    private byte[] History()
    {
        int length = (int)Math.Min(_total, _ring.Length);
        var result = new byte[length];
        int start = (int)((_total - length) % _ring.Length);
        int first = Math.Min(length, _ring.Length - start);
        _ring.AsSpan(start, first).CopyTo(result);
        _ring.AsSpan(0, length - first).CopyTo(result.AsSpan(first));
        return result;
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct).ConfigureAwait(false);
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
            throw new VirException(VirErrorCode.OperationInvalid, VirErrorDomain.Qemu, "the console has ended: the guest is no longer running");
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void Forget(Session s)
    {
        lock (_gate) _sessions.Remove(s);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        _socket.Dispose();
        await _reader.ConfigureAwait(false);
        await _log.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Session(SerialCapture owner) : IConsoleSession
    {
        public Channel<byte[]> Queue { get; } = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(SessionQueueChunks)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the owner detaches us
        });

        public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct)
        {
            while (await Queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                if (Queue.Reader.TryRead(out var chunk)) return chunk;
            return ReadOnlyMemory<byte>.Empty;
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct) => owner.SendAsync(data, ct);

        public ValueTask DisposeAsync()
        {
            Queue.Writer.TryComplete();
            owner.Forget(this);
            return ValueTask.CompletedTask;
        }
    }
}
