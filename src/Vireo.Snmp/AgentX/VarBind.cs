namespace Vireo.Snmp.AgentX;

/// <summary>
/// One name/value pair (RFC 2741 §5.4). Number holds every numeric type (Integer as its two's complement,
/// Counter32, Gauge32, TimeTicks, Counter64); Bytes the octet-string types; ObjectValue an OID value.
/// </summary>
public sealed record VarBind(VarBindType Type, Oid Name, ulong Number = 0, byte[]? Bytes = null, Oid ObjectValue = default)
{
    public static VarBind Integer(Oid name, int value) => new(VarBindType.Integer, name, unchecked((ulong)(long)value));
    public static VarBind OctetString(Oid name, byte[] value) => new(VarBindType.OctetString, name, Bytes: value);
    public static VarBind OctetString(Oid name, string value) => OctetString(name, System.Text.Encoding.UTF8.GetBytes(value));
    public static VarBind Null(Oid name) => new(VarBindType.Null, name);
    public static VarBind ObjectIdentifier(Oid name, Oid value) => new(VarBindType.ObjectIdentifier, name, ObjectValue: value);
    public static VarBind IpAddress(Oid name, byte[] address) => new(VarBindType.IpAddress, name, Bytes: address);
    public static VarBind Counter32(Oid name, uint value) => new(VarBindType.Counter32, name, value);
    public static VarBind Gauge32(Oid name, uint value) => new(VarBindType.Gauge32, name, value);
    public static VarBind TimeTicks(Oid name, uint value) => new(VarBindType.TimeTicks, name, value);
    public static VarBind Opaque(Oid name, byte[] value) => new(VarBindType.Opaque, name, Bytes: value);
    public static VarBind Counter64(Oid name, ulong value) => new(VarBindType.Counter64, name, value);
    public static VarBind NoSuchObject(Oid name) => new(VarBindType.NoSuchObject, name);
    public static VarBind NoSuchInstance(Oid name) => new(VarBindType.NoSuchInstance, name);
    public static VarBind EndOfMibView(Oid name) => new(VarBindType.EndOfMibView, name);

    /// <summary>The value of an Integer varbind.</summary>
    public int IntegerValue => unchecked((int)(long)Number);

    /// <summary>True for the three exception values that stand for "no value here".</summary>
    public bool IsException => Type is VarBindType.NoSuchObject or VarBindType.NoSuchInstance or VarBindType.EndOfMibView;

    public bool Equals(VarBind? other) =>
        other is not null && Type == other.Type && Name == other.Name && Number == other.Number
        && ObjectValue == other.ObjectValue
        && (Bytes ?? []).AsSpan().SequenceEqual(other.Bytes ?? []);

    public override int GetHashCode() => HashCode.Combine(Type, Name, Number, ObjectValue, Bytes?.Length ?? 0);

    public override string ToString() => Type switch
    {
        VarBindType.OctetString => $"{Name} = STRING: {System.Text.Encoding.UTF8.GetString(Bytes ?? [])}",
        VarBindType.ObjectIdentifier => $"{Name} = OID: {ObjectValue}",
        VarBindType.Integer => $"{Name} = INTEGER: {IntegerValue}",
        _ => $"{Name} = {Type}: {(Bytes is null ? Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : Convert.ToHexString(Bytes))}",
    };
}

/// <summary>
/// A SearchRange (RFC 2741 §5.2): where a GetNext may look. Include lets the start itself match;
/// the end is exclusive, and a null end means unbounded.
/// </summary>
public readonly record struct SearchRange(Oid Start, Oid End, bool Include = false);
