using System.Text;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Console;

/// <summary>
/// One attached client. It has its own bounded queue, so a slow client never slows the capture or
/// other clients: when it falls more than the limit behind, its oldest chunks are dropped and the
/// next read tells it so in-band (and <see cref="LostBytes"/> counts them). One reader per session.
/// </summary>
public sealed class ConsoleSession : IConsoleSession
{
    private readonly ConsoleCapture _owner;
    private readonly int _maxQueuedBytes;
    private readonly Queue<ReadOnlyMemory<byte>> _chunks = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource? _waiter;
    private int _queuedBytes;
    private long _unreportedLoss;
    private long _lostBytes;
    private bool _ended;
    private bool _disposed;

    internal ConsoleSession(ConsoleCapture owner, int maxQueuedBytes)
    {
        _owner = owner;
        _maxQueuedBytes = maxQueuedBytes;
    }

    /// <summary>Bytes this client never saw because it fell behind.</summary>
    public long LostBytes => Interlocked.Read(ref _lostBytes);

    /// <summary>The text inserted before the next chunk after a loss.</summary>
    public static byte[] LossNotice(long bytes) =>
        Encoding.ASCII.GetBytes($"\r\n[vireo: {bytes} bytes of console output were dropped because this client fell behind]\r\n");

    internal void Enqueue(ReadOnlyMemory<byte> chunk)
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            if (_ended || _disposed)
                return;
            _chunks.Enqueue(chunk);
            _queuedBytes += chunk.Length;
            while (_queuedBytes > _maxQueuedBytes && _chunks.Count > 1)
            {
                int dropped = _chunks.Dequeue().Length;
                _queuedBytes -= dropped;
                _unreportedLoss += dropped;
                Interlocked.Add(ref _lostBytes, dropped);
            }
            wake = _waiter;
            _waiter = null;
        }
        wake?.TrySetResult();
    }

    internal void End()
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            _ended = true;
            wake = _waiter;
            _waiter = null;
        }
        wake?.TrySetResult();
    }

    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_unreportedLoss > 0)
                {
                    long lost = _unreportedLoss;
                    _unreportedLoss = 0;
                    return LossNotice(lost);
                }
                if (_chunks.TryDequeue(out var chunk))
                {
                    _queuedBytes -= chunk.Length;
                    return chunk;
                }
                if (_ended)
                    return ReadOnlyMemory<byte>.Empty;
                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct) => _owner.WriteInputAsync(data, ct);

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposed = true;
            _chunks.Clear();
        }
        _owner.Detach(this);
        End();
        return ValueTask.CompletedTask;
    }
}
