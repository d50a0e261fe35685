using System.Buffers;
using Vireo.Core.State;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Tests.Support;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Tests;

public sealed class XdrTests
{
    private static byte[] Encode<T>(T value) where T : IXdrEncodable
    {
        var buf = new ArrayBufferWriter<byte>();
        var w = new XdrWriter(buf);
        value.Encode(ref w);
        return buf.WrittenSpan.ToArray();
    }

    private static T Decode<T>(ReadOnlySpan<byte> bytes) where T : IXdrRecord<T>
    {
        var r = new XdrReader(bytes);
        var v = T.Decode(ref r);
        r.EnsureEnd();
        return v;
    }

    [Fact]
    public void Auth_list_call_and_reply_match_the_captured_bytes()
    {
        var call = MessageBuilder.Empty(new MessageHeader(Programs.Remote, 1, 66, MessageType.Call, 0, MessageStatus.Ok));
        Assert.Equal("0000001C" + "20008086" + "00000001" + "00000042" + "00000000" + "00000000" + "00000000", Convert.ToHexString(call.Span));
        var reply = MessageBuilder.Build(new MessageHeader(Programs.Remote, 1, 66, MessageType.Reply, 0, MessageStatus.Ok), new AuthListRet([0]));
        Assert.Equal("000000242000808600000001000000420000000100000000000000000000000100000000", Convert.ToHexString(reply.Span));
        call.Release();
        reply.Release();
    }

    [Fact]
    public void Connect_open_call_matches_the_captured_bytes()
    {
        var msg = MessageBuilder.Build(new MessageHeader(Programs.Remote, 1, 1, MessageType.Call, 2, MessageStatus.Ok), new ConnectOpenArgs("qemu:///system", 0));
        Assert.Equal("00000038" + "20008086" + "00000001" + "00000001" + "00000000" + "00000002" + "00000000" +
            "00000001" + "0000000E" + "71656D753A2F2F2F73797374656D" + "0000" + "00000000", Convert.ToHexString(msg.Span));
        msg.Release();
    }

    [Fact]
    public void Uuids_travel_in_rfc_text_order()
    {
        var bytes = Encode(new UuidArgs(Domains.LvTest1));
        Assert.Equal("72741797-7E6C-4FE4-85AA-7C14F559A862".Replace("-", "", StringComparison.Ordinal), Convert.ToHexString(bytes));
        Assert.Equal(Domains.LvTest1, Decode<UuidArgs>(bytes).Uuid);
    }

    [Fact]
    public void Char_arrays_are_one_word_per_character_with_libvirtds_trailing_nul()
    {
        var bytes = Encode(new NodeGetSecurityModelRet("none", "0"));
        Assert.Equal("00000005" + "0000006E0000006F0000006E0000006500000000" + "00000002" + "0000003000000000", Convert.ToHexString(bytes));
        Assert.Equal(new NodeGetSecurityModelRet("none", "0"), Decode<NodeGetSecurityModelRet>(bytes));
    }

    [Fact]
    public void Node_info_model_is_a_fixed_array_of_32_words()
    {
        var v = new NodeGetInfoRet("x86_64", 6777044, 2, 2100, 1, 1, 2, 1);
        var bytes = Encode(v);
        Assert.Equal(32 * 4 + 8 + 6 * 4, bytes.Length);
        Assert.Equal(v, Decode<NodeGetInfoRet>(bytes));
    }

    [Fact]
    public void Error_reply_of_a_failed_lookup_round_trips_byte_for_byte()
    {
        var reply = CaptureFile.Load("err_nosuch").Connections[0].Messages
            .Single(m => !m.FromClient && m.Header.Status == MessageStatus.Error);
        Assert.Equal(204, reply.Bytes.Length);
        var error = Decode<RemoteError>(reply.Payload);
        Assert.Equal(42, error.Code);
        Assert.Equal("Domain not found: no domain with matching name 'nosuchdom'", error.Message);
        Assert.Equal("Domain not found: %s", error.Str1);
        var again = MessageBuilder.Build(reply.Header, error);
        Assert.Equal(Convert.ToHexString(reply.Bytes), Convert.ToHexString(again.Span));
        again.Release();
    }

    [Fact]
    public void Strings_over_the_limit_are_refused_before_reading_them()
    {
        byte[] bytes = [0x00, 0x40, 0x00, 0x01, 0x61, 0x62, 0x63, 0x64];
        var ex = Assert.Throws<XdrException>(() => Decode<StringValue>(bytes));
        Assert.Contains("exceeds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Array_counts_that_cannot_fit_the_payload_are_refused_without_allocating()
    {
        // 16384 domains announced, 4 bytes present: must fail on the count, not try to read 16384 entries.
        byte[] bytes = [0x00, 0x00, 0x40, 0x00, 0, 0, 0, 0];
        Assert.Throws<XdrException>(() => Decode<ListAllDomainsRet>(bytes));
        byte[] tooMany = [0x00, 0x00, 0x40, 0x01, 0, 0, 0, 0];
        Assert.Throws<XdrException>(() => Decode<ListAllDomainsRet>(tooMany));
    }

    [Fact]
    public void Truncated_payloads_and_bad_optional_markers_are_typed_errors()
    {
        Assert.Throws<XdrException>(() => Decode<DomainFlagsArgs>([0, 0, 0, 1, 0x61]));
        Assert.Throws<XdrException>(() => Decode<OptionalStringValue>([0, 0, 0, 2]));
        Assert.Throws<XdrException>(() => Decode<EventRegisterArgs>([0, 0, 0, 0, 0, 0, 0, 7]));
    }

    [Fact]
    public void Typed_parameters_of_every_type_round_trip()
    {
        var ps = new ParamsEventMsg(3, new DomainRef("d", Domains.LvTest3, 5),
        [
            Core.Params.TypedParameter.Int("i", -4), Core.Params.TypedParameter.UInt("u", 4000000000),
            Core.Params.TypedParameter.LLong("l", -1), Core.Params.TypedParameter.ULLong("ul", ulong.MaxValue),
            Core.Params.TypedParameter.Double("d", 1.5), Core.Params.TypedParameter.Bool("b", true),
            Core.Params.TypedParameter.String("cputune.vcpupin0", "0"),
        ]);
        var back = Decode<ParamsEventMsg>(Encode(ps));
        Assert.Equal(ps.Params, back.Params);
        Assert.Equal(ps.Dom, back.Dom);
    }

    /// <summary>Every captured payload whose record we model decodes and re-encodes to the same bytes.</summary>
    [Fact]
    public void Captured_payloads_round_trip_through_our_records()
    {
        var checkedCount = 0;
        foreach (var path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Captures"), "*.lvr"))
        {
            foreach (var m in CaptureFile.Parse(File.ReadAllBytes(path)).Connections.SelectMany(c => c.Messages))
            {
                var h = m.Header;
                if (h.Program != Programs.Remote || h.Type is not (MessageType.Call or MessageType.Reply or MessageType.Message)) continue;
                if (m.FromClient != (h.Type == MessageType.Call)) continue; // the probe that sends a REPLY to the server
                var codec = RecordCodecs.For((RemoteProcedure)h.Procedure, h.Type, h.Status);
                if (codec is null) continue;
                var again = codec(m.Payload.ToArray());
                Assert.True(m.Payload.SequenceEqual(again), $"{Path.GetFileName(path)} proc {h.Procedure} {h.Type}: re-encoding differs");
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 2500, $"only {checkedCount} payloads checked");
    }
}
