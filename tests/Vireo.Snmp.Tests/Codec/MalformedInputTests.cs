using Vireo.Snmp.AgentX;
using Vireo.Snmp.Tests.Support;

namespace Vireo.Snmp.Tests.Codec;

/// <summary>Broken input gives a typed error and never an exception, whatever the bytes.</summary>
public class MalformedInputTests
{
    private static DecodeResult DecodeSafely(byte[] bytes)
    {
        var r = PduCodec.Decode(bytes); // must not throw
        Assert.True(r.Ok ^ (r.Error is not null));
        return r;
    }

    [Theory]
    [MemberData(nameof(RoundTripTests.EveryPdu), MemberType = typeof(RoundTripTests))]
    public void Every_truncation_of_a_valid_pdu_is_rejected(Pdu pdu)
    {
        foreach (bool be in new[] { true, false })
        {
            var full = PduCodec.Encode(pdu, be);
            for (int len = 0; len < full.Length; len++)
            {
                var r = DecodeSafely(full[..len]);
                Assert.False(r.Ok, $"{pdu.Type} cut to {len} of {full.Length} bytes was accepted");
                Assert.Equal(DecodeErrorKind.Truncated, r.Error!.Kind);
            }
        }
    }

    [Theory]
    [MemberData(nameof(RoundTripTests.EveryPdu), MemberType = typeof(RoundTripTests))]
    public void A_payload_cut_short_but_relabelled_consistently_is_rejected_not_misread(Pdu pdu)
    {
        // Shrink payload_length to match fewer bytes: the frame is self-consistent but a field is missing.
        var full = PduCodec.Encode(pdu, true);
        for (int cut = 4; cut <= full.Length - PduCodec.HeaderLength; cut += 4)
        {
            var b = full[..^cut];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(16), (uint)(b.Length - PduCodec.HeaderLength));
            var r = DecodeSafely(b);
            // Either the shorter payload is itself a valid PDU (a varbind fewer) and decodes to exactly
            // those bytes, or it is rejected with the header intact so a receiver can answer parseError.
            if (r.Ok) Assert.Equal(Hex.Of(b), Hex.Of(PduCodec.Encode(r.Pdu!, true)));
            else Assert.NotNull(r.Header);
        }
    }

    [Fact]
    public void Wrong_version_is_rejected()
    {
        var b = PduCodec.Encode(new PingPdu(new PduHeader(1, 0, 1)));
        b[0] = 2;
        Assert.Equal(DecodeErrorKind.UnsupportedVersion, DecodeSafely(b).Error!.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(19)]
    [InlineData(255)]
    public void Unknown_pdu_type_is_rejected(byte type)
    {
        var b = PduCodec.Encode(new PingPdu(new PduHeader(1, 0, 1)));
        b[1] = type;
        Assert.Equal(DecodeErrorKind.UnknownPduType, DecodeSafely(b).Error!.Kind);
    }

    [Fact]
    public void Payload_length_not_a_multiple_of_four_is_rejected()
    {
        var b = Hex.Bytes("010d1000 00000001 00000000 00000001 00000003 000000");
        Assert.Equal(DecodeErrorKind.BadPayloadLength, DecodeSafely(b).Error!.Kind);
    }

    [Fact]
    public void Huge_payload_length_is_rejected_from_the_header_alone()
    {
        var h = Hex.Bytes("01061000 00000001 00000000 00000001 7ffffff0");
        Assert.False(PduCodec.TryReadHeader(h, out _, out var error));
        Assert.Equal(DecodeErrorKind.BadPayloadLength, error!.Kind);
    }

    [Fact]
    public void Extra_bytes_after_the_declared_payload_are_rejected()
    {
        var b = PduCodec.Encode(new PingPdu(new PduHeader(1, 0, 1))).Concat(new byte[4]).ToArray();
        Assert.Equal(DecodeErrorKind.BadPayloadLength, DecodeSafely(b).Error!.Kind);
    }

    [Fact]
    public void Trailing_bytes_inside_the_payload_are_rejected()
    {
        // A Close with 8 payload bytes: reason + 3 reserved, then 4 bytes nothing accounts for.
        var b = Hex.Bytes("01021000 00000001 00000000 00000001 00000008 05000000 00000000");
        var r = DecodeSafely(b);
        Assert.Equal(DecodeErrorKind.TrailingBytes, r.Error!.Kind);
        Assert.NotNull(r.Header);
    }

    [Fact]
    public void Oid_longer_than_128_subids_is_rejected()
    {
        // n_subid = 200 in a GetNext start OID.
        var b = Hex.Bytes("01061000 00000001 00000000 00000001 00000004 c8000000");
        Assert.Equal(DecodeErrorKind.OidTooLong, DecodeSafely(b).Error!.Kind);
    }

    [Fact]
    public void Prefix_plus_subids_beyond_128_is_rejected()
    {
        var w = new List<byte>(Hex.Bytes("01061000 00000001 00000000 00000001 000001f8 7c040000"));
        w.AddRange(new byte[124 * 4]);
        w.AddRange(new byte[4]); // null end
        Assert.Equal(DecodeErrorKind.OidTooLong, DecodeSafely([.. w]).Error!.Kind);
    }

    [Fact]
    public void Unknown_varbind_type_is_rejected()
    {
        var b = Hex.Bytes("01081000 00000001 00000001 00000001 00000008 | 0003 0000 00000000");
        Assert.Equal(DecodeErrorKind.UnknownVarBindType, DecodeSafely(b).Error!.Kind);
    }

    [Fact]
    public void Octet_string_longer_than_the_payload_is_rejected()
    {
        var b = Hex.Bytes("01081000 00000001 00000001 00000001 00000010 | 0004 0000 00000000 ffffff00 00000000");
        Assert.Equal(DecodeErrorKind.Truncated, DecodeSafely(b).Error!.Kind);
    }

    [Fact]
    public void Ip_address_of_wrong_length_is_rejected()
    {
        var b = Hex.Bytes("01081000 00000001 00000001 00000001 00000010 | 0040 0000 00000000 00000003 7f000100");
        Assert.Equal(DecodeErrorKind.BadValue, DecodeSafely(b).Error!.Kind);
    }

    [Fact]
    public void Random_bytes_and_random_corruptions_never_throw()
    {
        var rng = new Random(2741);
        var samples = RoundTripTests.EveryPdu.Select(row => PduCodec.Encode(row.Data, rng.Next(2) == 0)).ToArray();
        int rejected = 0;
        for (int i = 0; i < 20000; i++)
        {
            byte[] b;
            if (i % 2 == 0)
            {
                b = new byte[rng.Next(0, 80)];
                rng.NextBytes(b);
                if (b.Length > 1) b[0] = 1;
            }
            else
            {
                b = (byte[])samples[rng.Next(samples.Length)].Clone();
                for (int k = rng.Next(1, 4); k > 0; k--) b[rng.Next(b.Length)] = (byte)rng.Next(256);
            }
            if (!DecodeSafely(b).Ok) rejected++;
        }
        Assert.True(rejected > 0);
    }
}
