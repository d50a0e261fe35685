using System.Buffers.Binary;
using System.Text;

namespace Vireo.Rpc.Xdr;

/// <summary>
/// Reads RFC 4506 XDR (big-endian, 4-byte aligned) from one contiguous payload. Every length is checked
/// against both the declared maximum and the bytes left before anything is allocated, so a hostile
/// length costs nothing.
/// </summary>
public ref struct XdrReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public XdrReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    public readonly int Position => _pos;
    public readonly int Remaining => _data.Length - _pos;
    public readonly bool AtEnd => _pos == _data.Length;

    private ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)(_data.Length - _pos))
            throw new XdrException($"payload truncated: need {count} bytes at offset {_pos}, have {_data.Length - _pos}");
        var s = _data.Slice(_pos, count);
        _pos += count;
        return s;
    }

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));
    public uint ReadUInt() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));
    public long ReadHyper() => BinaryPrimitives.ReadInt64BigEndian(Take(8));
    public ulong ReadUHyper() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));
    public double ReadDouble() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    public bool ReadBool()
    {
        var v = ReadInt();
        return v switch
        {
            0 => false,
            1 => true,
            _ => throw new XdrException($"bad boolean value {v}"),
        };
    }

    /// <summary>Reads a 4-byte length and checks it against the declared maximum.</summary>
    public int ReadLength(int max)
    {
        var n = ReadUInt();
        if (n > (uint)max)
            throw new XdrException($"length {n} exceeds the maximum {max}");
        return (int)n;
    }

    /// <summary>Reads an array count and checks that count * minimum element size can still be in the payload.</summary>
    public int ReadCount(int max, int minElementSize = 4)
    {
        var n = ReadLength(max);
        if ((long)n * minElementSize > Remaining)
            throw new XdrException($"array of {n} elements cannot fit in the {Remaining} bytes left");
        return n;
    }

    private void SkipPadding(int len)
    {
        var pad = (4 - (len & 3)) & 3;
        if (pad != 0) Take(pad);
    }

    public string ReadString(int max = XdrLimits.StringMax)
    {
        var n = ReadLength(max);
        var bytes = Take(n);
        SkipPadding(n);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>remote_string: an optional string (0 = NULL, 1 = present).</summary>
    public string? ReadOptionalString(int max = XdrLimits.StringMax) => ReadOptionalFlag() ? ReadString(max) : null;

    /// <summary>The 0/1 that prefixes an optional value.</summary>
    public bool ReadOptionalFlag()
    {
        var v = ReadUInt();
        return v switch
        {
            0 => false,
            1 => true,
            _ => throw new XdrException($"bad optional-data marker {v}"),
        };
    }

    /// <summary>opaque x&lt;N&gt;: length, bytes, padding.</summary>
    public byte[] ReadOpaque(int max)
    {
        var n = ReadLength(max);
        var bytes = Take(n).ToArray();
        SkipPadding(n);
        return bytes;
    }

    /// <summary>opaque x[N]: exactly N bytes plus padding.</summary>
    public ReadOnlySpan<byte> ReadFixedOpaque(int n)
    {
        var bytes = Take(n);
        SkipPadding(n);
        return bytes;
    }

    public Guid ReadUuid() => new(ReadFixedOpaque(16), bigEndian: true);

    /// <summary>
    /// rpcgen's char x&lt;N&gt;: a count of 4-byte words, one character each. libvirtd counts the trailing
    /// NUL; it is dropped here.
    /// </summary>
    public string ReadCharArray(int max)
    {
        var n = ReadCount(max);
        return ReadChars(n);
    }

    /// <summary>rpcgen's char x[N]: N 4-byte words, text up to the first NUL.</summary>
    public string ReadFixedCharArray(int n) => ReadChars(n);

    private string ReadChars(int n)
    {
        var raw = Take(checked(n * 4));
        Span<byte> text = n <= 512 ? stackalloc byte[n] : new byte[n];
        var len = 0;
        var ended = false;
        for (var i = 0; i < n; i++)
        {
            var c = (byte)BinaryPrimitives.ReadInt32BigEndian(raw.Slice(i * 4, 4));
            if (c == 0) ended = true;
            if (!ended) text[len++] = c;
        }
        return Encoding.UTF8.GetString(text[..len]);
    }

    /// <summary>Raw bytes to the end (stream data is not XDR).</summary>
    public ReadOnlySpan<byte> ReadRest() => Take(Remaining);

    /// <summary>Fails when bytes are left after a record: libvirt's decoder ignores them, so do we, but tests use this.</summary>
    public readonly void EnsureEnd()
    {
        if (!AtEnd) throw new XdrException($"{Remaining} unexpected trailing bytes");
    }
}
