using System.Buffers;
using System.Buffers.Binary;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Framing;

/// <summary>A complete encoded message in a pooled array; whoever sends it returns the array with <see cref="Release"/>.</summary>
public readonly struct OutgoingMessage
{
    private readonly byte[]? _buffer;

    internal OutgoingMessage(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public void Release()
    {
        if (_buffer is not null) ArrayPool<byte>.Shared.Return(_buffer);
    }
}

/// <summary>
/// Builds one message: reserves the length word and the header, lets the caller write the payload, then
/// fills in the length. One builder per thread is reused, so building a reply allocates nothing but the
/// pooled array that carries it to the socket.
/// </summary>
public sealed class MessageBuilder : IBufferWriter<byte>
{
    [ThreadStatic] private static MessageBuilder? s_cached;

    private byte[] _buffer = [];
    private int _written;

    /// <summary>Starts a message with the given header; pair with <see cref="Finish"/>.</summary>
    public static MessageBuilder Start(in MessageHeader header)
    {
        var b = s_cached ?? new MessageBuilder();
        s_cached = null;
        b._buffer = ArrayPool<byte>.Shared.Rent(256);
        b._written = XdrLimits.MinMessageLength;
        header.Write(b._buffer.AsSpan(4, XdrLimits.HeaderSize));
        return b;
    }

    public XdrWriter Xdr => new(this);

    /// <summary>Bytes of payload written so far.</summary>
    public int PayloadLength => _written - XdrLimits.MinMessageLength;

    /// <summary>Writes the length word and hands the message over; the builder goes back to the thread cache.</summary>
    public OutgoingMessage Finish()
    {
        if (_written > XdrLimits.MaxMessageLength)
        {
            Abandon();
            throw new XdrException($"message of {_written} bytes exceeds the protocol maximum");
        }
        BinaryPrimitives.WriteUInt32BigEndian(_buffer, (uint)_written);
        var msg = new OutgoingMessage(_buffer, _written);
        _buffer = [];
        _written = 0;
        s_cached = this;
        return msg;
    }

    /// <summary>Drops a half-built message (encoding failed).</summary>
    public void Abandon()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _written = 0;
        s_cached = this;
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        if (sizeHint < 1) sizeHint = 1;
        if (_buffer.Length - _written >= sizeHint) return;
        var size = Math.Max(_buffer.Length * 2, _written + sizeHint);
        var next = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _written).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }

    /// <summary>Encodes a whole message in one go.</summary>
    public static OutgoingMessage Build<T>(in MessageHeader header, in T body) where T : IXdrEncodable
    {
        var b = Start(header);
        try
        {
            var w = b.Xdr;
            body.Encode(ref w);
        }
        catch
        {
            b.Abandon();
            throw;
        }
        return b.Finish();
    }

    /// <summary>A message with no payload.</summary>
    public static OutgoingMessage Empty(in MessageHeader header) => Start(header).Finish();

    /// <summary>A message whose payload is raw bytes (stream data).</summary>
    public static OutgoingMessage Raw(in MessageHeader header, ReadOnlySpan<byte> data)
    {
        var b = Start(header);
        b.Xdr.WriteRaw(data);
        return b.Finish();
    }
}
