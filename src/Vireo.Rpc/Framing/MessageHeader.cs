using System.Buffers.Binary;

namespace Vireo.Rpc.Framing;

/// <summary>virNetMessageType.</summary>
public enum MessageType
{
    Call = 0,
    Reply = 1,
    Message = 2,
    Stream = 3,
    CallWithFds = 4,
    ReplyWithFds = 5,
    StreamHole = 6,
}

/// <summary>virNetMessageStatus.</summary>
public enum MessageStatus
{
    Ok = 0,
    Error = 1,
    Continue = 2,
}

/// <summary>The program numbers of libvirt's remote protocol family.</summary>
public static class Programs
{
    public const uint Remote = 0x20008086;
    public const uint Qemu = 0x20008087;
    public const uint Lxc = 0x00068000;
    public const uint Keepalive = 0x6b656570;
    public const uint RemoteVersion = 1;
    public const uint KeepaliveVersion = 1;
    public const int KeepalivePing = 1;
    public const int KeepalivePong = 2;
}

/// <summary>The 24-byte virNetMessageHeader that follows every length word.</summary>
public readonly record struct MessageHeader(uint Program, uint Version, int Procedure, MessageType Type, uint Serial, MessageStatus Status)
{
    public static MessageHeader Read(ReadOnlySpan<byte> b) => new(
        BinaryPrimitives.ReadUInt32BigEndian(b),
        BinaryPrimitives.ReadUInt32BigEndian(b[4..]),
        BinaryPrimitives.ReadInt32BigEndian(b[8..]),
        (MessageType)BinaryPrimitives.ReadInt32BigEndian(b[12..]),
        BinaryPrimitives.ReadUInt32BigEndian(b[16..]),
        (MessageStatus)BinaryPrimitives.ReadInt32BigEndian(b[20..]));

    public void Write(Span<byte> b)
    {
        BinaryPrimitives.WriteUInt32BigEndian(b, Program);
        BinaryPrimitives.WriteUInt32BigEndian(b[4..], Version);
        BinaryPrimitives.WriteInt32BigEndian(b[8..], Procedure);
        BinaryPrimitives.WriteInt32BigEndian(b[12..], (int)Type);
        BinaryPrimitives.WriteUInt32BigEndian(b[16..], Serial);
        BinaryPrimitives.WriteInt32BigEndian(b[20..], (int)Status);
    }

    /// <summary>The header of the answer to this call: same program, version, procedure and serial.</summary>
    public MessageHeader ReplyWith(MessageStatus status) => this with { Type = MessageType.Reply, Status = status };

    public bool IsKeepalive => Program == Programs.Keepalive;
}
