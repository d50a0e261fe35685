namespace Vireo.Snmp.AgentX;

/// <summary>Why bytes are not a valid AgentX PDU.</summary>
public enum DecodeErrorKind
{
    /// <summary>Fewer bytes than the header or a field needs.</summary>
    Truncated,
    /// <summary>h.version is not 1.</summary>
    UnsupportedVersion,
    /// <summary>h.type is not one of RFC 2741's 18 types.</summary>
    UnknownPduType,
    /// <summary>payload_length is not a multiple of 4, exceeds our limit, or disagrees with the bytes given.</summary>
    BadPayloadLength,
    /// <summary>An OID claims more than 128 sub-identifiers.</summary>
    OidTooLong,
    /// <summary>A VarBind's v.type is not one of §5.4's.</summary>
    UnknownVarBindType,
    /// <summary>A field holds a value the RFC forbids (e.g. an IpAddress that is not 4 bytes).</summary>
    BadValue,
    /// <summary>The payload has bytes left over after its last field.</summary>
    TrailingBytes,
}

/// <summary>A typed decoding failure with a whole-sentence explanation.</summary>
public sealed record DecodeError(DecodeErrorKind Kind, string Message);

/// <summary>Thrown only inside the codec, and turned into a <see cref="DecodeError"/> before leaving it.</summary>
internal sealed class AgentXDecodeException(DecodeErrorKind kind, string message) : Exception(message)
{
    public DecodeErrorKind Kind { get; } = kind;
}
