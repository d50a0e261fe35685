using System.Buffers;
using System.Buffers.Binary;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Framing;

/// <summary>One complete message: its header and its payload (still inside the reader's buffer).</summary>
public readonly struct Frame
{
    public Frame(MessageHeader header, ReadOnlySequence<byte> payload)
    {
        Header = header;
        Payload = payload;
    }

    public MessageHeader Header { get; }
    public ReadOnlySequence<byte> Payload { get; }
}

/// <summary>The one framing function of the protocol, shaped like Kestrel's parsers.</summary>
public static class FrameReader
{
    /// <summary>
    /// Takes one message off the front of <paramref name="buffer"/> when it is complete. The length word is
    /// checked as soon as its 4 bytes are there, so an absurd length is refused before anything is buffered
    /// (libvirt: length &lt; 28 cannot hold a header, more than 4 + 32 MiB is over VIR_NET_MESSAGE_MAX).
    /// </summary>
    /// <exception cref="MalformedFrameException">the length word is out of range: close the connection.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out Frame frame)
    {
        frame = default;
        if (buffer.Length < 4) return false;
        var length = ReadLength(buffer);
        if (length < XdrLimits.MinMessageLength || length > XdrLimits.MaxMessageLength)
            throw new MalformedFrameException($"message length {length} is outside {XdrLimits.MinMessageLength}..{XdrLimits.MaxMessageLength}");
        if (buffer.Length < length) return false;

        var message = buffer.Slice(0, length);
        Span<byte> headerBytes = stackalloc byte[XdrLimits.HeaderSize];
        message.Slice(4, XdrLimits.HeaderSize).CopyTo(headerBytes);
        frame = new Frame(MessageHeader.Read(headerBytes), message.Slice(XdrLimits.MinMessageLength));
        buffer = buffer.Slice(length);
        return true;
    }

    /// <summary>The length word a buffer starts with (at least 4 bytes).</summary>
    public static long ReadLength(in ReadOnlySequence<byte> buffer)
    {
        var first = buffer.FirstSpan;
        if (first.Length >= 4) return BinaryPrimitives.ReadUInt32BigEndian(first);
        Span<byte> len = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(len);
        return BinaryPrimitives.ReadUInt32BigEndian(len);
    }
}
