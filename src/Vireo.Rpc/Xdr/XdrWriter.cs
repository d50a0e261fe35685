using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Vireo.Rpc.Xdr;

/// <summary>Writes RFC 4506 XDR (big-endian, 4-byte aligned) straight into a buffer writer.</summary>
public ref struct XdrWriter
{
    private readonly IBufferWriter<byte> _out;

    public XdrWriter(IBufferWriter<byte> output) => _out = output;

    public readonly void WriteInt(int v)
    {
        BinaryPrimitives.WriteInt32BigEndian(_out.GetSpan(4), v);
        _out.Advance(4);
    }

    public readonly void WriteUInt(uint v)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_out.GetSpan(4), v);
        _out.Advance(4);
    }

    public readonly void WriteHyper(long v)
    {
        BinaryPrimitives.WriteInt64BigEndian(_out.GetSpan(8), v);
        _out.Advance(8);
    }

    public readonly void WriteUHyper(ulong v)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_out.GetSpan(8), v);
        _out.Advance(8);
    }

    public readonly void WriteDouble(double v)
    {
        BinaryPrimitives.WriteDoubleBigEndian(_out.GetSpan(8), v);
        _out.Advance(8);
    }

    public readonly void WriteBool(bool v) => WriteInt(v ? 1 : 0);

    private readonly void WritePadding(int len)
    {
        var pad = (4 - (len & 3)) & 3;
        if (pad == 0) return;
        _out.GetSpan(pad)[..pad].Clear();
        _out.Advance(pad);
    }

    public readonly void WriteString(string s)
    {
        var n = Encoding.UTF8.GetByteCount(s);
        var padded = (n + 3) & ~3;
        var span = _out.GetSpan(4 + padded);
        BinaryPrimitives.WriteInt32BigEndian(span, n);
        Encoding.UTF8.GetBytes(s, span[4..]);
        span.Slice(4 + n, padded - n).Clear();
        _out.Advance(4 + padded);
    }

    public readonly void WriteOptionalString(string? s)
    {
        if (s is null) { WriteInt(0); return; }
        WriteInt(1);
        WriteString(s);
    }

    public readonly void WriteOpaque(ReadOnlySpan<byte> bytes)
    {
        WriteInt(bytes.Length);
        WriteRaw(bytes);
        WritePadding(bytes.Length);
    }

    public readonly void WriteFixedOpaque(ReadOnlySpan<byte> bytes)
    {
        WriteRaw(bytes);
        WritePadding(bytes.Length);
    }

    public readonly void WriteUuid(Guid uuid)
    {
        var span = _out.GetSpan(16);
        uuid.TryWriteBytes(span, bigEndian: true, out _);
        _out.Advance(16);
    }

    /// <summary>char x&lt;N&gt; as libvirtd sends it: one 4-byte word per character, including a trailing NUL.</summary>
    public readonly void WriteCharArray(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        WriteInt(bytes.Length + 1);
        foreach (var b in bytes) WriteInt((sbyte)b);
        WriteInt(0);
    }

    /// <summary>char x[N]: exactly N words, the text NUL-padded (cut to N-1 characters).</summary>
    public readonly void WriteFixedCharArray(string s, int n)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        for (var i = 0; i < n; i++)
            WriteInt(i < bytes.Length && i < n - 1 ? (sbyte)bytes[i] : 0);
    }

    /// <summary>Bytes as they are (stream data).</summary>
    public readonly void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        bytes.CopyTo(_out.GetSpan(bytes.Length));
        _out.Advance(bytes.Length);
    }
}
