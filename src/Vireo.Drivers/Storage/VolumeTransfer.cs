using Microsoft.Win32.SafeHandles;
using Vireo.Core.Errors;

namespace Vireo.Drivers.Storage;

/// <summary>
/// One vol-upload or vol-download: the volume's file open at an offset, with at most Length bytes to move
/// (0: no limit, to the end of the file or of the client's data). Writing past the limit is refused with
/// libvirt's words and nothing of that packet is written; <see cref="DisposeAsync"/> flushes an upload to
/// disk and lets the driver re-read the volume.
/// </summary>
public sealed class VolumeTransfer : IAsyncDisposable
{
    private readonly SafeFileHandle _file;
    private readonly bool _upload;
    private readonly Action? _done;
    private long _at;
    private ulong? _left;
    private int _disposed;

    internal VolumeTransfer(string path, bool upload, ulong offset, ulong length, Action? done)
    {
        _file = File.OpenHandle(path, FileMode.Open, upload ? FileAccess.Write : FileAccess.Read, FileShare.ReadWrite, FileOptions.Asynchronous);
        _upload = upload;
        _done = done;
        _at = (long)offset;
        _left = length == 0 ? null : length;
    }

    /// <summary>The next bytes of a download; 0 at the end of the file or of the length asked for.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct)
    {
        if (_left is { } left) buffer = buffer[..(int)Math.Min((ulong)buffer.Length, left)];
        if (buffer.IsEmpty) return 0;
        int n = await RandomAccess.ReadAsync(_file, buffer, _at, ct).ConfigureAwait(false);
        _at += n;
        if (_left is not null) _left -= (ulong)n;
        return n;
    }

    /// <summary>Writes the next bytes of an upload where the last ones ended (a file grows past its end, as under libvirt).</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (_left is { } left && (ulong)data.Length > left)
            throw new VirException(VirErrorCode.SystemError, VirErrorDomain.Streams, "cannot write to stream: No space left on device");
        await RandomAccess.WriteAsync(_file, data, _at, ct).ConfigureAwait(false);
        _at += data.Length;
        if (_left is not null) _left -= (ulong)data.Length;
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return ValueTask.CompletedTask;
        try
        {
            if (_upload) RandomAccess.FlushToDisk(_file);
        }
        finally
        {
            _file.Dispose();
            _done?.Invoke();
        }
        return ValueTask.CompletedTask;
    }
}
