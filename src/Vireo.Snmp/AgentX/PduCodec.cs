using System.Buffers.Binary;

namespace Vireo.Snmp.AgentX;

/// <summary>The fixed part of a received PDU, read before its payload.</summary>
public readonly record struct FrameHeader(byte Version, byte RawType, PduFlags Flags, uint SessionId, uint TransactionId, uint PacketId, uint PayloadLength)
{
    public bool BigEndian => (Flags & PduFlags.NetworkByteOrder) != 0;
    public PduHeader ToPduHeader() => new(SessionId, TransactionId, PacketId, Flags & ~(PduFlags.NetworkByteOrder | PduFlags.NonDefaultContext));
}

/// <summary>
/// The result of decoding one frame: a PDU, or an error. When the 20-byte header itself was sound,
/// Header is set even on error, so a receiver can answer the request with parseError (RFC 2741 §7.2.2)
/// instead of dropping the session.
/// </summary>
public sealed record DecodeResult(Pdu? Pdu, DecodeError? Error, FrameHeader? Header)
{
    public bool Ok => Pdu is not null;
}

/// <summary>
/// Pure AgentX PDU codec (RFC 2741 §6). Decoding accepts either byte order, as each header declares;
/// encoding uses network byte order unless asked otherwise (tests and peers that prefer little-endian).
/// </summary>
public static class PduCodec
{
    public const int HeaderLength = 20;

    /// <summary>
    /// A limit far above any PDU a master sends us (1000 guests' worth of varbinds is ~100 KiB), so a
    /// corrupt length cannot make us buffer gigabytes.
    /// </summary>
    public const uint MaxPayloadLength = 1 << 20;

    /// <summary>Reads and checks the 20-byte header.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> bytes, out FrameHeader header, out DecodeError? error)
    {
        header = default;
        error = null;
        if (bytes.Length < HeaderLength)
        {
            error = new DecodeError(DecodeErrorKind.Truncated, $"An AgentX header is {HeaderLength} bytes but only {bytes.Length} were received.");
            return false;
        }
        var flags = (PduFlags)bytes[2];
        bool be = (flags & PduFlags.NetworkByteOrder) != 0;
        static uint U32(ReadOnlySpan<byte> b, bool be) => be ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
        header = new FrameHeader(bytes[0], bytes[1], flags, U32(bytes[4..], be), U32(bytes[8..], be), U32(bytes[12..], be), U32(bytes[16..], be));
        if (header.Version != 1)
            error = new DecodeError(DecodeErrorKind.UnsupportedVersion, $"The PDU has AgentX version {header.Version}; only version 1 exists.");
        else if (header.RawType is < (byte)PduType.Open or > (byte)PduType.Response)
            error = new DecodeError(DecodeErrorKind.UnknownPduType, $"The PDU has type {header.RawType}, which RFC 2741 does not define.");
        else if (header.PayloadLength % 4 != 0)
            error = new DecodeError(DecodeErrorKind.BadPayloadLength, $"The payload length {header.PayloadLength} is not a multiple of 4.");
        else if (header.PayloadLength > MaxPayloadLength)
            error = new DecodeError(DecodeErrorKind.BadPayloadLength, $"The payload length {header.PayloadLength} exceeds the {MaxPayloadLength}-byte limit.");
        return error is null;
    }

    /// <summary>Decodes exactly one PDU: a header plus payload_length bytes, no more, no less.</summary>
    public static DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        if (!TryReadHeader(frame, out var h, out var headerError))
            return new DecodeResult(null, headerError, null);
        if (frame.Length - HeaderLength != h.PayloadLength)
        {
            var kind = frame.Length - HeaderLength < h.PayloadLength ? DecodeErrorKind.Truncated : DecodeErrorKind.BadPayloadLength;
            return new DecodeResult(null, new DecodeError(kind,
                $"The header announces {h.PayloadLength} payload bytes but {frame.Length - HeaderLength} follow it."), h);
        }
        try
        {
            var r = new AgentXReader(frame[HeaderLength..], h.BigEndian);
            var pdu = DecodePayload(h, ref r);
            if (r.Remaining != 0)
                throw new AgentXDecodeException(DecodeErrorKind.TrailingBytes,
                    $"The {(PduType)h.RawType} PDU has {r.Remaining} bytes after its last field.");
            return new DecodeResult(pdu, null, h);
        }
        catch (AgentXDecodeException e)
        {
            return new DecodeResult(null, new DecodeError(e.Kind, e.Message), h);
        }
    }

    private static bool MayCarryContext(PduType t) =>
        t is not (PduType.Open or PduType.Close or PduType.Response or PduType.CommitSet or PduType.UndoSet or PduType.CleanupSet);

    private static Pdu DecodePayload(FrameHeader h, ref AgentXReader r)
    {
        var type = (PduType)h.RawType;
        var hdr = h.ToPduHeader();
        byte[]? context = null;
        if ((h.Flags & PduFlags.NonDefaultContext) != 0 && MayCarryContext(type))
            context = r.OctetString("the context");
        Pdu pdu = type switch
        {
            PduType.Open => DecodeOpen(hdr, ref r),
            PduType.Close => DecodeClose(hdr, ref r),
            PduType.Register => DecodeRegister(hdr, ref r),
            PduType.Unregister => DecodeUnregister(hdr, ref r),
            PduType.Get => new GetPdu(hdr, r.SearchRangeList()),
            PduType.GetNext => new GetNextPdu(hdr, r.SearchRangeList()),
            PduType.GetBulk => DecodeGetBulk(hdr, ref r),
            PduType.TestSet => new TestSetPdu(hdr, r.VarBindList()),
            PduType.CommitSet => new CommitSetPdu(hdr),
            PduType.UndoSet => new UndoSetPdu(hdr),
            PduType.CleanupSet => new CleanupSetPdu(hdr),
            PduType.Notify => new NotifyPdu(hdr, r.VarBindList()),
            PduType.Ping => new PingPdu(hdr),
            PduType.IndexAllocate => new IndexAllocatePdu(hdr, r.VarBindList()),
            PduType.IndexDeallocate => new IndexDeallocatePdu(hdr, r.VarBindList()),
            PduType.AddAgentCaps => new AddAgentCapsPdu(hdr, r.Oid("the agent capabilities ID"), r.OctetString("the agent capabilities description")),
            PduType.RemoveAgentCaps => new RemoveAgentCapsPdu(hdr, r.Oid("the agent capabilities ID")),
            PduType.Response => DecodeResponse(hdr, ref r),
            _ => throw new AgentXDecodeException(DecodeErrorKind.UnknownPduType, $"The PDU has type {h.RawType}, which RFC 2741 does not define."),
        };
        return context is null ? pdu : pdu with { Context = context };
    }

    private static OpenPdu DecodeOpen(PduHeader hdr, ref AgentXReader r)
    {
        byte timeout = r.U8("the Open timeout");
        r.Skip(3, "the Open reserved bytes");
        return new OpenPdu(hdr, timeout, r.Oid("the Open ID"), r.OctetString("the Open description"));
    }

    private static ClosePdu DecodeClose(PduHeader hdr, ref AgentXReader r)
    {
        byte reason = r.U8("the Close reason");
        r.Skip(3, "the Close reserved bytes");
        return new ClosePdu(hdr, (CloseReason)reason);
    }

    private static RegisterPdu DecodeRegister(PduHeader hdr, ref AgentXReader r)
    {
        byte timeout = r.U8("the Register timeout");
        byte priority = r.U8("the Register priority");
        byte rangeSubId = r.U8("the Register range_subid");
        r.Skip(1, "the Register reserved byte");
        var subtree = r.Oid("the Register subtree");
        uint upper = rangeSubId != 0 ? r.U32("the Register upper bound") : 0;
        return new RegisterPdu(hdr, timeout, priority, rangeSubId, subtree, upper);
    }

    private static UnregisterPdu DecodeUnregister(PduHeader hdr, ref AgentXReader r)
    {
        r.Skip(1, "the Unregister reserved byte");
        byte priority = r.U8("the Unregister priority");
        byte rangeSubId = r.U8("the Unregister range_subid");
        r.Skip(1, "the Unregister reserved byte");
        var subtree = r.Oid("the Unregister subtree");
        uint upper = rangeSubId != 0 ? r.U32("the Unregister upper bound") : 0;
        return new UnregisterPdu(hdr, priority, rangeSubId, subtree, upper);
    }

    private static GetBulkPdu DecodeGetBulk(PduHeader hdr, ref AgentXReader r)
    {
        ushort nonRepeaters = r.U16("the GetBulk non_repeaters");
        ushort maxRepetitions = r.U16("the GetBulk max_repetitions");
        return new GetBulkPdu(hdr, nonRepeaters, maxRepetitions, r.SearchRangeList());
    }

    private static ResponsePdu DecodeResponse(PduHeader hdr, ref AgentXReader r)
    {
        uint up = r.U32("the Response sysUpTime");
        ushort error = r.U16("the Response error");
        ushort index = r.U16("the Response index");
        return new ResponsePdu(hdr, up, (AgentXError)error, index, r.VarBindList());
    }

    /// <summary>Encodes a PDU with its 20-byte header; NETWORK_BYTE_ORDER is set when bigEndian.</summary>
    public static byte[] Encode(Pdu pdu, bool bigEndian = true)
    {
        var w = new AgentXWriter(bigEndian);
        var flags = pdu.Header.Flags & ~(PduFlags.NetworkByteOrder | PduFlags.NonDefaultContext);
        bool withContext = pdu.Context is not null && MayCarryContext(pdu.Type);
        if (bigEndian) flags |= PduFlags.NetworkByteOrder;
        if (withContext) flags |= PduFlags.NonDefaultContext;
        w.U8(1);
        w.U8((byte)pdu.Type);
        w.U8((byte)flags);
        w.U8(0);
        w.U32(pdu.Header.SessionId);
        w.U32(pdu.Header.TransactionId);
        w.U32(pdu.Header.PacketId);
        w.U32(0); // payload_length, patched below
        if (withContext) w.OctetString(pdu.Context);
        EncodePayload(pdu, w);
        w.PatchU32(16, (uint)(w.Length - HeaderLength));
        return w.ToArray();
    }

    private static void EncodePayload(Pdu pdu, AgentXWriter w)
    {
        switch (pdu)
        {
            case OpenPdu p:
                w.U8(p.Timeout); w.U8(0); w.U8(0); w.U8(0);
                w.Oid(p.Id);
                w.OctetString(p.Description);
                break;
            case ClosePdu p:
                w.U8((byte)p.Reason); w.U8(0); w.U8(0); w.U8(0);
                break;
            case RegisterPdu p:
                w.U8(p.Timeout); w.U8(p.Priority); w.U8(p.RangeSubId); w.U8(0);
                w.Oid(p.Subtree);
                if (p.RangeSubId != 0) w.U32(p.UpperBound);
                break;
            case UnregisterPdu p:
                w.U8(0); w.U8(p.Priority); w.U8(p.RangeSubId); w.U8(0);
                w.Oid(p.Subtree);
                if (p.RangeSubId != 0) w.U32(p.UpperBound);
                break;
            case GetPdu p: w.SearchRanges(p.Ranges); break;
            case GetNextPdu p: w.SearchRanges(p.Ranges); break;
            case GetBulkPdu p:
                w.U16(p.NonRepeaters); w.U16(p.MaxRepetitions);
                w.SearchRanges(p.Ranges);
                break;
            case TestSetPdu p: w.VarBinds(p.VarBinds); break;
            case NotifyPdu p: w.VarBinds(p.VarBinds); break;
            case IndexAllocatePdu p: w.VarBinds(p.VarBinds); break;
            case IndexDeallocatePdu p: w.VarBinds(p.VarBinds); break;
            case AddAgentCapsPdu p: w.Oid(p.Id); w.OctetString(p.Description); break;
            case RemoveAgentCapsPdu p: w.Oid(p.Id); break;
            case ResponsePdu p:
                w.U32(p.SysUpTime); w.U16((ushort)p.Error); w.U16(p.Index);
                w.VarBinds(p.VarBinds);
                break;
            case CommitSetPdu or UndoSetPdu or CleanupSetPdu or PingPdu:
                break;
            default:
                throw new ArgumentException($"No encoder for {pdu.GetType().Name}.", nameof(pdu));
        }
    }
}
