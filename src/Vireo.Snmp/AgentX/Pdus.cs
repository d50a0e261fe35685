namespace Vireo.Snmp.AgentX;

/// <summary>
/// The header fields a PDU carries besides its type (RFC 2741 §6.1). Byte order is not here: the decoder
/// reads whatever the sender declared, and the encoder chooses it.
/// </summary>
public readonly record struct PduHeader(uint SessionId, uint TransactionId, uint PacketId, PduFlags Flags = PduFlags.None);

/// <summary>
/// Any AgentX PDU. Context is the optional non-default context (§6.1.1); it is carried only by the PDU
/// types that allow one, and the encoder sets NON_DEFAULT_CONTEXT exactly when it is present.
/// </summary>
public abstract record Pdu(PduHeader Header)
{
    public abstract PduType Type { get; }
    public byte[]? Context { get; init; }
}

/// <summary>§6.2.1: the subagent opens a session; Timeout is seconds (0 = the master's default).</summary>
public sealed record OpenPdu(PduHeader Header, byte Timeout, Oid Id, byte[] Description) : Pdu(Header)
{
    public override PduType Type => PduType.Open;
}

/// <summary>§6.2.2: either side ends the session.</summary>
public sealed record ClosePdu(PduHeader Header, CloseReason Reason) : Pdu(Header)
{
    public override PduType Type => PduType.Close;
}

/// <summary>§6.2.3. RangeSubId 0 means no range, and then UpperBound is not sent.</summary>
public sealed record RegisterPdu(PduHeader Header, byte Timeout, byte Priority, byte RangeSubId, Oid Subtree, uint UpperBound = 0) : Pdu(Header)
{
    public override PduType Type => PduType.Register;
}

/// <summary>§6.2.4.</summary>
public sealed record UnregisterPdu(PduHeader Header, byte Priority, byte RangeSubId, Oid Subtree, uint UpperBound = 0) : Pdu(Header)
{
    public override PduType Type => PduType.Unregister;
}

/// <summary>§6.2.5: the end OIDs of a Get's ranges are null and ignored.</summary>
public sealed record GetPdu(PduHeader Header, IReadOnlyList<SearchRange> Ranges) : Pdu(Header)
{
    public override PduType Type => PduType.Get;
}

/// <summary>§6.2.6.</summary>
public sealed record GetNextPdu(PduHeader Header, IReadOnlyList<SearchRange> Ranges) : Pdu(Header)
{
    public override PduType Type => PduType.GetNext;
}

/// <summary>§6.2.7.</summary>
public sealed record GetBulkPdu(PduHeader Header, ushort NonRepeaters, ushort MaxRepetitions, IReadOnlyList<SearchRange> Ranges) : Pdu(Header)
{
    public override PduType Type => PduType.GetBulk;
}

/// <summary>§6.2.8: first phase of a SET.</summary>
public sealed record TestSetPdu(PduHeader Header, IReadOnlyList<VarBind> VarBinds) : Pdu(Header)
{
    public override PduType Type => PduType.TestSet;
}

/// <summary>§6.2.9: header only.</summary>
public sealed record CommitSetPdu(PduHeader Header) : Pdu(Header)
{
    public override PduType Type => PduType.CommitSet;
}

/// <summary>§6.2.9: header only.</summary>
public sealed record UndoSetPdu(PduHeader Header) : Pdu(Header)
{
    public override PduType Type => PduType.UndoSet;
}

/// <summary>§6.2.9: header only, and never answered.</summary>
public sealed record CleanupSetPdu(PduHeader Header) : Pdu(Header)
{
    public override PduType Type => PduType.CleanupSet;
}

/// <summary>§6.2.10: sysUpTime.0 (optional, first), snmpTrapOID.0, then the objects.</summary>
public sealed record NotifyPdu(PduHeader Header, IReadOnlyList<VarBind> VarBinds) : Pdu(Header)
{
    public override PduType Type => PduType.Notify;
}

/// <summary>§6.2.11: header (and context) only.</summary>
public sealed record PingPdu(PduHeader Header) : Pdu(Header)
{
    public override PduType Type => PduType.Ping;
}

/// <summary>§6.2.12.</summary>
public sealed record IndexAllocatePdu(PduHeader Header, IReadOnlyList<VarBind> VarBinds) : Pdu(Header)
{
    public override PduType Type => PduType.IndexAllocate;
}

/// <summary>§6.2.13.</summary>
public sealed record IndexDeallocatePdu(PduHeader Header, IReadOnlyList<VarBind> VarBinds) : Pdu(Header)
{
    public override PduType Type => PduType.IndexDeallocate;
}

/// <summary>§6.2.14.</summary>
public sealed record AddAgentCapsPdu(PduHeader Header, Oid Id, byte[] Description) : Pdu(Header)
{
    public override PduType Type => PduType.AddAgentCaps;
}

/// <summary>§6.2.15.</summary>
public sealed record RemoveAgentCapsPdu(PduHeader Header, Oid Id) : Pdu(Header)
{
    public override PduType Type => PduType.RemoveAgentCaps;
}

/// <summary>§6.2.16: Index is the 1-based position of the varbind an error refers to (0: none).</summary>
public sealed record ResponsePdu(PduHeader Header, uint SysUpTime, AgentXError Error, ushort Index, IReadOnlyList<VarBind> VarBinds) : Pdu(Header)
{
    public override PduType Type => PduType.Response;

    /// <summary>A Response to a request: it echoes the request's session, transaction and packet IDs.</summary>
    public static ResponsePdu To(Pdu request, uint sysUpTime, AgentXError error = AgentXError.NoError, ushort index = 0, IReadOnlyList<VarBind>? varBinds = null) =>
        new(new PduHeader(request.Header.SessionId, request.Header.TransactionId, request.Header.PacketId), sysUpTime, error, index, varBinds ?? []);
}
