using System.Buffers.Binary;

namespace Vireo.Snmp.AgentX;

/// <summary>Writes RFC 2741 §5 encodings into a growing buffer in one chosen byte order.</summary>
internal sealed class AgentXWriter(bool bigEndian)
{
    private byte[] _buf = new byte[128];

    public int Length { get; private set; }

    private Span<byte> Grow(int n)
    {
        if (Length + n > _buf.Length)
            Array.Resize(ref _buf, Math.Max(_buf.Length * 2, Length + n));
        var s = _buf.AsSpan(Length, n);
        Length += n;
        return s;
    }

    public void U8(byte v) => Grow(1)[0] = v;

    public void U16(ushort v)
    {
        var s = Grow(2);
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(s, v); else BinaryPrimitives.WriteUInt16LittleEndian(s, v);
    }

    public void U32(uint v)
    {
        var s = Grow(4);
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(s, v); else BinaryPrimitives.WriteUInt32LittleEndian(s, v);
    }

    public void U64(ulong v)
    {
        var s = Grow(8);
        if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(s, v); else BinaryPrimitives.WriteUInt64LittleEndian(s, v);
    }

    public void PatchU32(int offset, uint v)
    {
        var s = _buf.AsSpan(offset, 4);
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(s, v); else BinaryPrimitives.WriteUInt32LittleEndian(s, v);
    }

    /// <summary>
    /// §5.1 with prefix compression: 1.3.6.1.X.rest (0 &lt; X &lt; 256) goes out as prefix X and rest.
    /// The null OID never carries include.
    /// </summary>
    public void Oid(Oid oid, bool include = false)
    {
        var ids = oid.Span;
        byte prefix = 0;
        if (ids.Length >= 5 && ids[0] == 1 && ids[1] == 3 && ids[2] == 6 && ids[3] == 1 && ids[4] is > 0 and < 256)
        {
            prefix = (byte)ids[4];
            ids = ids[5..];
        }
        U8((byte)ids.Length);
        U8(prefix);
        U8(include && !oid.IsNull ? (byte)1 : (byte)0);
        U8(0);
        foreach (var id in ids) U32(id);
    }

    /// <summary>§5.3: length, bytes, zero padding to a 4-byte boundary.</summary>
    public void OctetString(ReadOnlySpan<byte> data)
    {
        U32((uint)data.Length);
        data.CopyTo(Grow(data.Length));
        Grow((4 - data.Length % 4) % 4).Clear();
    }

    public void VarBind(VarBind vb)
    {
        U16((ushort)vb.Type);
        U16(0);
        Oid(vb.Name);
        switch (vb.Type)
        {
            case VarBindType.Integer:
            case VarBindType.Counter32:
            case VarBindType.Gauge32:
            case VarBindType.TimeTicks:
                U32(unchecked((uint)vb.Number));
                break;
            case VarBindType.Counter64:
                U64(vb.Number);
                break;
            case VarBindType.OctetString:
            case VarBindType.Opaque:
            case VarBindType.IpAddress:
                OctetString(vb.Bytes ?? []);
                break;
            case VarBindType.ObjectIdentifier:
                Oid(vb.ObjectValue);
                break;
            case VarBindType.Null:
            case VarBindType.NoSuchObject:
            case VarBindType.NoSuchInstance:
            case VarBindType.EndOfMibView:
                break;
            default:
                throw new ArgumentException($"Varbind {vb.Name} has type {(ushort)vb.Type}, which RFC 2741 does not define.", nameof(vb));
        }
    }

    public void VarBinds(IEnumerable<VarBind> list)
    {
        foreach (var vb in list) VarBind(vb);
    }

    public void SearchRanges(IEnumerable<SearchRange> ranges)
    {
        foreach (var r in ranges)
        {
            Oid(r.Start, r.Include);
            Oid(r.End);
        }
    }

    public byte[] ToArray() => _buf.AsSpan(0, Length).ToArray();
}
