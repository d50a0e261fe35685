namespace Vireo.Qemu.Console;

/// <summary>
/// The last N bytes a console printed, for replay to a client that attaches later. Not thread-safe:
/// <see cref="ConsoleCapture"/> guards it with its lock.
/// </summary>
internal sealed class ConsoleRingBuffer
{
    private readonly byte[] _data;
    private int _next;   // where the next byte goes
    private int _count;  // bytes held (<= capacity)

    public ConsoleRingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _data = new byte[capacity];
    }

    public int Capacity => _data.Length;
    public int Count => _count;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= _data.Length)
        {
            bytes[^_data.Length..].CopyTo(_data);
            _next = 0;
            _count = _data.Length;
            return;
        }
        int first = Math.Min(bytes.Length, _data.Length - _next);
        bytes[..first].CopyTo(_data.AsSpan(_next));
        bytes[first..].CopyTo(_data);
        _next = (_next + bytes.Length) % _data.Length;
        _count = Math.Min(_data.Length, _count + bytes.Length);
    }

    /// <summary>The held bytes, oldest first.</summary>
    public byte[] Snapshot()
    {
        var result = new byte[_count];
        int start = (_next - _count + _data.Length) % _data.Length;
        int first = Math.Min(_count, _data.Length - start);
        _data.AsSpan(start, first).CopyTo(result);
        _data.AsSpan(0, _count - first).CopyTo(result.AsSpan(first));
        return result;
    }
}
