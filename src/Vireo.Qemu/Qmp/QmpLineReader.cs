using System.Net.Sockets;

namespace Vireo.Qemu.Qmp;

/// <summary>
/// Splits the monitor's byte stream into lines (QEMU ends every JSON object with "\r\n" and never
/// breaks one across lines). Lines may be large (query-named-block-nodes on a deep chain is megabytes)
/// but not unbounded: past <see cref="MaxLineBytes"/> the connection is declared broken.
/// </summary>
internal sealed class QmpLineReader
{
    private readonly Socket _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start, _end, _scanned;

    public QmpLineReader(Socket socket, int maxLineBytes)
    {
        _socket = socket;
        MaxLineBytes = maxLineBytes;
    }

    public int MaxLineBytes { get; }

    /// <summary>The next line without its terminator (valid until the next call), or null at EOF.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            int nl = Array.IndexOf(_buffer, (byte)'\n', _scanned, _end - _scanned);
            if (nl >= 0)
            {
                int lineStart = _start;
                _start = _scanned = nl + 1;
                int len = nl - lineStart;
                if (len > 0 && _buffer[nl - 1] == (byte)'\r')
                    len--;
                return new ReadOnlyMemory<byte>(_buffer, lineStart, len);
            }
            _scanned = _end;
            if (_end - _start > MaxLineBytes)
                throw new InvalidDataException($"QEMU sent a monitor line longer than {MaxLineBytes} bytes.");
            MakeRoom();
            int n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0)
                return null;
            _end += n;
        }
    }

    /// <summary>Moves the unfinished line to the front, and grows the buffer when it is mostly full.</summary>
    private void MakeRoom()
    {
        int pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _scanned -= _start;
            _start = 0;
            _end = pending;
        }
        if (_buffer.Length - _end < 4096)
            Array.Resize(ref _buffer, _buffer.Length * 2);
    }
}
