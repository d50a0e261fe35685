using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Vireo.Qemu.Console;

/// <summary>
/// Appends console output to the per-guest log on its own task, so a slow disk never delays reading
/// the socket (QEMU's serial model drops characters when its reader lags). Memory is bounded: past the
/// limit, output is left out of the log and a marker line says how much.
/// </summary>
internal sealed class ConsoleLogWriter : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly Channel<ReadOnlyMemory<byte>> _queue = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new() { SingleReader = true });
    private readonly int _maxPending;
    private readonly ILogger _log;
    private readonly string _path;
    private readonly Task _writer;
    private long _pending;
    private long _skipped;

    public ConsoleLogWriter(string path, int maxPendingBytes, ILogger log)
    {
        _path = path;
        _maxPending = maxPendingBytes;
        _log = log;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, Options = FileOptions.Asynchronous,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The last <paramref name="bytes"/> bytes of an existing log (to refill the ring after a restart).</summary>
    public static byte[] ReadTail(string path, int bytes)
    {
        if (!File.Exists(path))
            return [];
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        long start = Math.Max(0, f.Length - bytes);
        f.Position = start;
        var buffer = new byte[f.Length - start];
        f.ReadExactly(buffer);
        return buffer;
    }

    public void Append(ReadOnlyMemory<byte> chunk)
    {
        if (Interlocked.Add(ref _pending, chunk.Length) > _maxPending)
        {
            Interlocked.Add(ref _pending, -chunk.Length);
            if (Interlocked.Add(ref _skipped, chunk.Length) == chunk.Length)
                _log.LogWarning("The console log {Path} cannot keep up; output is left out of it until it does.", _path);
            return;
        }
        _queue.Writer.TryWrite(chunk);
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var chunk in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                long skipped = Interlocked.Exchange(ref _skipped, 0);
                if (skipped > 0)
                    await _file.WriteAsync(Encoding.ASCII.GetBytes($"\r\n[vireo: {skipped} bytes missing from this log: the disk was too slow]\r\n")).ConfigureAwait(false);
                await _file.WriteAsync(chunk).ConfigureAwait(false);
                Interlocked.Add(ref _pending, -chunk.Length);
                if (Interlocked.Read(ref _pending) == 0)
                    await _file.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            _log.LogError(e, "Writing the console log {Path} failed; the console itself keeps working.", _path);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }
}
