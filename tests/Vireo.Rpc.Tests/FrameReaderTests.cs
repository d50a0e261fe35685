using System.Buffers;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Tests;

public sealed class FrameReaderTests
{
    private static readonly byte[] Ping = Convert.FromHexString("0000001C6B65657000000001000000010000000200000000" + "00000000");

    [Fact]
    public void A_partial_frame_waits_for_more_bytes()
    {
        var buf = new ReadOnlySequence<byte>(Ping.AsMemory(0, 3));
        Assert.False(FrameReader.TryReadFrame(ref buf, out _));
        buf = new ReadOnlySequence<byte>(Ping.AsMemory(0, 27));
        Assert.False(FrameReader.TryReadFrame(ref buf, out _));
        Assert.Equal(27, buf.Length);
    }

    [Fact]
    public void Two_frames_in_one_buffer_are_read_one_after_the_other()
    {
        var both = Ping.Concat(Ping).ToArray();
        var buf = new ReadOnlySequence<byte>(both);
        Assert.True(FrameReader.TryReadFrame(ref buf, out var f1));
        Assert.True(FrameReader.TryReadFrame(ref buf, out var f2));
        Assert.False(FrameReader.TryReadFrame(ref buf, out _));
        Assert.True(f1.Header.IsKeepalive);
        Assert.Equal(Programs.KeepalivePing, f2.Header.Procedure);
        Assert.Equal(MessageType.Message, f2.Header.Type);
        Assert.Equal(0, f2.Payload.Length);
    }

    [Fact]
    public void A_frame_split_over_many_segments_is_reassembled()
    {
        var msg = MessageBuilder.Raw(new MessageHeader(Programs.Remote, 1, 201, MessageType.Stream, 8, MessageStatus.Continue), "hello world"u8);
        var bytes = msg.Span.ToArray();
        msg.Release();
        var buf = Segments.Of(bytes, 1);
        Assert.True(FrameReader.TryReadFrame(ref buf, out var f));
        Assert.Equal(201, f.Header.Procedure);
        Assert.Equal(8u, f.Header.Serial);
        Assert.Equal("hello world"u8.ToArray(), f.Payload.ToArray());
        Assert.True(buf.IsEmpty);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(8u)]
    [InlineData(27u)]
    [InlineData(33554441u)]
    [InlineData(0xFFFFFFFFu)]
    public void Impossible_lengths_are_refused_as_soon_as_the_length_word_is_there(uint length)
    {
        var bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, length);
        var buf = new ReadOnlySequence<byte>(bytes);
        Assert.Throws<MalformedFrameException>(() => FrameReader.TryReadFrame(ref buf, out _));
    }

    [Fact]
    public void The_largest_legal_length_is_accepted_and_waits_for_its_bytes()
    {
        var bytes = new byte[28];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)XdrLimits.MaxMessageLength);
        var buf = new ReadOnlySequence<byte>(bytes);
        Assert.False(FrameReader.TryReadFrame(ref buf, out _));
    }

    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> m, long start)
        {
            Memory = m;
            RunningIndex = start;
        }

        public static ReadOnlySequence<byte> Of(byte[] data, int size)
        {
            var first = new Segments(data.AsMemory(0, size), 0);
            var last = first;
            for (var i = size; i < data.Length; i += size)
            {
                var next = new Segments(data.AsMemory(i, Math.Min(size, data.Length - i)), i);
                last.Next = next;
                last = next;
            }
            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }
}
