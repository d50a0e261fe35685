using System.Buffers.Binary;

namespace Vireo.Snmp.AgentX;

/// <summary>
/// Reads RFC 2741 §5 encodings from a PDU payload in the byte order its header declared.
/// Every read checks the remaining length first, so hostile input ends in a typed error, never an
/// out-of-range access.
/// </summary>
internal ref struct AgentXReader
{
    private readonly ReadOnlySpan<byte> _buf;
    private readonly bool _bigEndian;
    private int _pos;

    public AgentXReader(ReadOnlySpan<byte> payload, bool bigEndian)
    {
        _buf = payload;
        _bigEndian = bigEndian;
        _pos = 0;
    }

    public readonly int Remaining => _buf.Length - _pos;

    private ReadOnlySpan<byte> Take(int n, string what)
    {
        if (n < 0 || n > Remaining)
            throw new AgentXDecodeException(DecodeErrorKind.Truncated,
                $"The PDU ends inside {what}: {n} bytes are needed at offset {_pos} but only {Remaining} remain.");
        var s = _buf.Slice(_pos, n);
        _pos += n;
        return s;
    }

    public byte U8(string what) => Take(1, what)[0];

    public ushort U16(string what)
    {
        var s = Take(2, what);
        return _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
    }

    public uint U32(string what)
    {
        var s = Take(4, what);
        return _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
    }

    /// <summary>Counter64: one 64-bit integer in the PDU's byte order (high word first only for NBO).</summary>
    public ulong U64(string what)
    {
        var s = Take(8, what);
        return _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
    }

    public void Skip(int n, string what) => Take(n, what);

    /// <summary>§5.1: n_subid, prefix, include, reserved, sub-identifiers; a non-zero prefix stands for 1.3.6.1.prefix.</summary>
    public Oid Oid(string what, out bool include)
    {
        var head = Take(4, what);
        int n = head[0];
        byte prefix = head[1];
        include = head[2] != 0;
        int total = n + (prefix != 0 ? 5 : 0);
        if (n > AgentX.Oid.MaxLength || total > AgentX.Oid.MaxLength)
            throw new AgentXDecodeException(DecodeErrorKind.OidTooLong,
                $"The OID in {what} has {total} sub-identifiers; AgentX allows at most {AgentX.Oid.MaxLength}.");
        var ids = new uint[total];
        int i = 0;
        if (prefix != 0)
        {
            ids[0] = 1; ids[1] = 3; ids[2] = 6; ids[3] = 1; ids[4] = prefix;
            i = 5;
        }
        for (; i < total; i++) ids[i] = U32(what);
        return AgentX.Oid.FromOwned(ids);
    }

    public Oid Oid(string what) => Oid(what, out _);

    /// <summary>§5.3: length, bytes, then zero padding to a 4-byte boundary.</summary>
    public byte[] OctetString(string what)
    {
        uint len = U32(what);
        if (len > Remaining)
            throw new AgentXDecodeException(DecodeErrorKind.Truncated,
                $"The octet string in {what} claims {len} bytes but only {Remaining} remain.");
        var data = Take((int)len, what).ToArray();
        Take((int)((4 - len % 4) % 4), what + " (padding)");
        return data;
    }

    /// <summary>§5.4: type, reserved, name, data.</summary>
    public VarBind VarBind()
    {
        var rawType = U16("a varbind type");
        U16("a varbind");
        var name = Oid("a varbind name");
        var type = (VarBindType)rawType;
        switch (type)
        {
            case VarBindType.Integer:
                return AgentX.VarBind.Integer(name, unchecked((int)U32("an Integer value")));
            case VarBindType.Counter32:
            case VarBindType.Gauge32:
            case VarBindType.TimeTicks:
                return new VarBind(type, name, U32($"a {type} value"));
            case VarBindType.Counter64:
                return new VarBind(type, name, U64("a Counter64 value"));
            case VarBindType.OctetString:
            case VarBindType.Opaque:
                return new VarBind(type, name, Bytes: OctetString($"a {type} value"));
            case VarBindType.IpAddress:
                var ip = OctetString("an IpAddress value");
                if (ip.Length != 4)
                    throw new AgentXDecodeException(DecodeErrorKind.BadValue,
                        $"The IpAddress value of {name} has {ip.Length} bytes instead of 4.");
                return new VarBind(type, name, Bytes: ip);
            case VarBindType.ObjectIdentifier:
                // net-snmp sets include=1 on OID values; it means nothing outside a SearchRange (§5.1).
                return AgentX.VarBind.ObjectIdentifier(name, Oid("an OID value"));
            case VarBindType.Null:
            case VarBindType.NoSuchObject:
            case VarBindType.NoSuchInstance:
            case VarBindType.EndOfMibView:
                return new VarBind(type, name);
            default:
                throw new AgentXDecodeException(DecodeErrorKind.UnknownVarBindType,
                    $"The varbind {name} has type {rawType}, which RFC 2741 does not define.");
        }
    }

    public List<VarBind> VarBindList()
    {
        var list = new List<VarBind>();
        while (Remaining > 0) list.Add(VarBind());
        return list;
    }

    public List<SearchRange> SearchRangeList()
    {
        var list = new List<SearchRange>();
        while (Remaining > 0)
        {
            var start = Oid("a search range start", out bool include);
            var end = Oid("a search range end");
            list.Add(new SearchRange(start, end, include));
        }
        return list;
    }
}
