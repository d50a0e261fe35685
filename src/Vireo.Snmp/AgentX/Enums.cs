namespace Vireo.Snmp.AgentX;

// The numbers in this file are RFC 2741's; they travel on the wire unchanged.

/// <summary>h.type (RFC 2741 §6.1).</summary>
public enum PduType : byte
{
    Open = 1, Close = 2, Register = 3, Unregister = 4,
    Get = 5, GetNext = 6, GetBulk = 7,
    TestSet = 8, CommitSet = 9, UndoSet = 10, CleanupSet = 11,
    Notify = 12, Ping = 13, IndexAllocate = 14, IndexDeallocate = 15,
    AddAgentCaps = 16, RemoveAgentCaps = 17, Response = 18,
}

/// <summary>h.flags bits (RFC 2741 §6.1).</summary>
[Flags]
public enum PduFlags : byte
{
    None = 0,
    InstanceRegistration = 0x01,
    NewIndex = 0x02,
    AnyIndex = 0x04,
    NonDefaultContext = 0x08,
    NetworkByteOrder = 0x10,
}

/// <summary>c.reason of a Close PDU (RFC 2741 §6.2.2).</summary>
public enum CloseReason : byte
{
    Other = 1, ParseError = 2, ProtocolError = 3, Timeouts = 4, Shutdown = 5, ByManager = 6,
}

/// <summary>v.type of a VarBind (RFC 2741 §5.4).</summary>
public enum VarBindType : ushort
{
    Integer = 2,
    OctetString = 4,
    Null = 5,
    ObjectIdentifier = 6,
    IpAddress = 64,
    Counter32 = 65,
    Gauge32 = 66,
    TimeTicks = 67,
    Opaque = 68,
    Counter64 = 70,
    NoSuchObject = 128,
    NoSuchInstance = 129,
    EndOfMibView = 130,
}

/// <summary>
/// res.error of a Response (RFC 2741 §6.2.16): 1-18 are the SNMPv2 error-status values of RFC 3416,
/// 256 and up are AgentX's own administrative errors.
/// </summary>
public enum AgentXError : ushort
{
    NoError = 0,
    TooBig = 1, NoSuchName = 2, BadValue = 3, ReadOnly = 4, GenErr = 5, NoAccess = 6,
    WrongType = 7, WrongLength = 8, WrongEncoding = 9, WrongValue = 10, NoCreation = 11,
    InconsistentValue = 12, ResourceUnavailable = 13, CommitFailed = 14, UndoFailed = 15,
    AuthorizationError = 16, NotWritable = 17, InconsistentName = 18,
    OpenFailed = 256, NotOpen = 257, IndexWrongType = 258, IndexAlreadyAllocated = 259,
    IndexNoneAvailable = 260, IndexNotAllocated = 261, UnsupportedContext = 262,
    DuplicateRegistration = 263, UnknownRegistration = 264, UnknownAgentCaps = 265,
    ParseError = 266, RequestDenied = 267, ProcessingError = 268,
}
