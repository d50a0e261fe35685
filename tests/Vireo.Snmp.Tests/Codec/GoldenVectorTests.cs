using Vireo.Snmp.AgentX;
using Vireo.Snmp.Tests.Support;

namespace Vireo.Snmp.Tests.Codec;

/// <summary>
/// Byte vectors from the AgentX research note: the NBO ones were accepted by (or captured from) Debian's
/// snmpd 5.9.3; the little-endian ones are the same PDUs in the other byte order.
/// </summary>
public class GoldenVectorTests
{
    private static readonly Oid Sub36957_1 = Oid.Parse("1.3.6.1.4.1.36957.1");
    private const string UAlpha = "74.200.95.60.159.24.224.145.217.64.80.190.9.219.109.23";

    private static byte[] EncodeVarBinds(bool bigEndian, params VarBind[] vbs)
    {
        // A Notify with no header fields set carries exactly the varbind bytes after its 20-byte header.
        var pdu = PduCodec.Encode(new NotifyPdu(default, vbs), bigEndian);
        return pdu[PduCodec.HeaderLength..];
    }

    private static byte[] EncodeOid(Oid oid, bool include, bool bigEndian)
    {
        // The start OID of a single GetNext range, minus the null end OID.
        var pdu = PduCodec.Encode(new GetNextPdu(default, [new SearchRange(oid, Oid.Null, include)]), bigEndian);
        return pdu[PduCodec.HeaderLength..^4];
    }

    [Theory]
    [InlineData("1.3.6.1.4.1.36957.1", false, true, "03040000 00000001 0000905d 00000001")]
    [InlineData("1.3.6.1.4.1.36957.1", true, true, "03040100 00000001 0000905d 00000001")]
    [InlineData("", false, true, "00000000")]
    [InlineData("", true, true, "00000000")] // the null OID never carries include
    [InlineData("1.2.840", false, true, "03000000 00000001 00000002 00000348")]
    [InlineData("1.3.6.1.4", false, true, "00040000")] // prefix only: net-snmp's encoding of 1.3.6.1.4
    [InlineData("1.3.6.1.256.1", false, true, "06000000 00000001 00000003 00000006 00000001 00000100 00000001")] // no prefix above 255
    [InlineData("1.3.6.1.4.1.36957.1", false, false, "03040000010000005d90000001000000")]
    [InlineData("1.3.6.1.4.1.36957.1", true, false, "03040100010000005d90000001000000")]
    [InlineData("1.2.840", false, false, "03000000010000000200000048030000")]
    public void Oid_encodes_with_prefix_compression_and_include(string oid, bool include, bool bigEndian, string expected)
    {
        Assert.Equal(Hex.Normal(expected), Hex.Of(EncodeOid(Oid.Parse(oid), include, bigEndian)));
    }

    [Theory]
    [InlineData(true, "00000005 61626364 65000000")]
    [InlineData(false, "050000006162636465000000")]
    public void Octet_string_is_padded_to_four_bytes(bool bigEndian, string expectedValue)
    {
        var bytes = EncodeVarBinds(bigEndian, VarBind.OctetString(Oid.Null, "abcde"));
        // type(2) reserved(2) null name(4), then the value
        Assert.Equal(Hex.Normal(expectedValue), Hex.Of(bytes[8..]));
    }

    [Theory]
    [InlineData(true, "00460000 07040000 00000001 0000905d 00000001 00000001 00000001 00000007 00000001 0000001c be991a14")]
    [InlineData(false, "4600000007040000010000005d9000000100000001000000010000000700000001000000141a99be1c000000")]
    public void Counter64_varbind_matches_vector_and_decodes_back(bool bigEndian, string expected)
    {
        var vb = VarBind.Counter64(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.7.1"), 123456789012);
        Assert.Equal(Hex.Normal(expected), Hex.Of(EncodeVarBinds(bigEndian, vb)));

        var frame = PduCodec.Encode(new NotifyPdu(default, [vb]), bigEndian);
        var decoded = Assert.IsType<NotifyPdu>(PduCodec.Decode(frame).Pdu);
        Assert.Equal(vb, Assert.Single(decoded.VarBinds));
    }

    public static TheoryData<string, bool, Pdu> AdminVectors => new()
    {
        {
            "01011000 00000000 00000000 00000001 00000024 | 00000000 | 03040000 00000001 0000905d 00000063 | 0000000c 6167656e 74785f70 726f6265",
            true, new OpenPdu(new PduHeader(0, 0, 1), 0, Oid.Parse("1.3.6.1.4.1.36957.99"), "agentx_probe"u8.ToArray())
        },
        {
            "01010000000000000000000001000000240000000000000003040000010000005d900000630000000c0000006167656e74785f70726f6265",
            false, new OpenPdu(new PduHeader(0, 0, 1), 0, Oid.Parse("1.3.6.1.4.1.36957.99"), "agentx_probe"u8.ToArray())
        },
        {
            "01031000 00000005 00000000 00000002 00000014 | 007f0000 | 03040000 00000001 0000905d 00000001",
            true, new RegisterPdu(new PduHeader(5, 0, 2), 0, 127, 0, Sub36957_1)
        },
        {
            "0103000005000000000000000200000014000000007f000003040000010000005d90000001000000",
            false, new RegisterPdu(new PduHeader(5, 0, 2), 0, 127, 0, Sub36957_1)
        },
        {
            "01031000 00000006 00000000 00000002 00000018 | 007f0000 | 04040000 00000001 0000905d 00000001 00000001",
            true, new RegisterPdu(new PduHeader(6, 0, 2), 0, 127, 0, Oid.Parse("1.3.6.1.4.1.36957.1.1"))
        },
        {
            "01121000 00000005 00000009 00000003 00000008 | 00000064 0000 0000",
            true, new ResponsePdu(new PduHeader(5, 9, 3), 100, AgentXError.NoError, 0, [])
        },
        {
            "01120000050000000900000003000000080000006400000000000000",
            false, new ResponsePdu(new PduHeader(5, 9, 3), 100, AgentXError.NoError, 0, [])
        },
        {
            "01091000 00000006 00000028 0000002a 00000000",
            true, new CommitSetPdu(new PduHeader(6, 0x28, 0x2a))
        },
        {
            "010b1000 00000006 00000028 0000002b 00000000",
            true, new CleanupSetPdu(new PduHeader(6, 0x28, 0x2b))
        },
    };

    [Theory]
    [MemberData(nameof(AdminVectors))]
    public void Pdu_encodes_to_vector_and_vector_decodes_to_pdu(string vector, bool bigEndian, Pdu pdu)
    {
        Assert.Equal(Hex.Normal(vector), Hex.Of(PduCodec.Encode(pdu, bigEndian)));
        var decoded = PduCodec.Decode(Hex.Bytes(vector));
        Assert.True(decoded.Ok, decoded.Error?.Message);
        Assert.Equal(pdu.Type, decoded.Pdu!.Type);
        Assert.Equal(pdu.Header, decoded.Pdu.Header);
        // Re-encoding what we decoded gives the same bytes in the same order: nothing was lost.
        Assert.Equal(Hex.Normal(vector), Hex.Of(PduCodec.Encode(decoded.Pdu, bigEndian)));
    }

    [Fact]
    public void Snmpd_response_to_open_carries_session_id_and_echo_varbind()
    {
        var frame = Hex.Bytes("01121000 00000006 00000000 00000001 0000002c | 00000024 0000 0000 | 0004 0000 03040000 00000001 0000905d 00000063 0000000c 6167656e74785f70726f6265");
        var r = Assert.IsType<ResponsePdu>(PduCodec.Decode(frame).Pdu);
        Assert.Equal(6u, r.Header.SessionId);
        Assert.Equal(1u, r.Header.PacketId);
        Assert.Equal(0x24u, r.SysUpTime);
        Assert.Equal(AgentXError.NoError, r.Error);
        var echo = Assert.Single(r.VarBinds);
        Assert.Equal(VarBindType.OctetString, echo.Type);
        Assert.Equal(".1.3.6.1.4.1.36957.99", echo.Name.ToString());
        Assert.Equal("agentx_probe"u8.ToArray(), echo.Bytes);
    }

    [Fact]
    public void Snmpd_response_to_register_echoes_a_null_varbind()
    {
        var frame = Hex.Bytes("01121000 00000006 00000000 00000002 00000020 | 00000025 0000 0000 | 0005 0000 04040000 00000001 0000905d 00000001 00000001");
        var r = Assert.IsType<ResponsePdu>(PduCodec.Decode(frame).Pdu);
        Assert.Equal(2u, r.Header.PacketId);
        Assert.Equal(VarBind.Null(Oid.Parse("1.3.6.1.4.1.36957.1.1")), Assert.Single(r.VarBinds));
    }

    [Fact]
    public void Snmpd_getnext_from_snmpwalk_has_inclusive_start_and_exclusive_sibling_end()
    {
        var frame = Hex.Bytes("01061000 00000006 00000001 00000002 00000028 | 04040100 00000001 0000905d 00000001 00000001 | 04040000 00000001 0000905d 00000001 00000002");
        var g = Assert.IsType<GetNextPdu>(PduCodec.Decode(frame).Pdu);
        Assert.Equal(new PduHeader(6, 1, 2), g.Header);
        var range = Assert.Single(g.Ranges);
        Assert.Equal(".1.3.6.1.4.1.36957.1.1", range.Start.ToString());
        Assert.True(range.Include);
        Assert.Equal(".1.3.6.1.4.1.36957.1.2", range.End.ToString());
    }

    [Fact]
    public void Snmpd_testset_of_guest_state_decodes_to_integer_on_the_uuid_cell()
    {
        var index = string.Concat(UAlpha.Split('.').Select(b => int.Parse(b).ToString("x8")));
        var frame = Hex.Bytes("01081000 00000006 00000028 00000029 00000064 | 0002 0000 16040000 00000001 0000905d 00000001 00000001 00000001 00000003"
                              + index + "00000003");
        var t = Assert.IsType<TestSetPdu>(PduCodec.Decode(frame).Pdu);
        Assert.Equal(0x28u, t.Header.TransactionId);
        var vb = Assert.Single(t.VarBinds);
        Assert.Equal(".1.3.6.1.4.1.36957.1.1.1.3." + UAlpha, vb.Name.ToString());
        Assert.Equal(VarBindType.Integer, vb.Type);
        Assert.Equal(3, vb.IntegerValue);
        Assert.Equal(Hex.Of(frame), Hex.Of(PduCodec.Encode(t)));
    }

    [Fact]
    public void Oid_value_with_include_set_by_net_snmp_decodes_like_without()
    {
        // net-snmp sets include=1 on OID values in varbinds (e.g. snmpTrapOID.0 in the Notify echo).
        var with = Hex.Bytes("010c1000 00000000 00000000 00000000 00000030 | 0006 0000 06060000 00000003 00000001 00000001 00000004 00000001 00000000 | 03040100 00000001 0000905d 00000000");
        var vb = Assert.Single(Assert.IsType<NotifyPdu>(PduCodec.Decode(with).Pdu).VarBinds);
        Assert.Equal(".1.3.6.1.6.3.1.1.4.1.0", vb.Name.ToString());
        Assert.Equal(".1.3.6.1.4.1.36957.0", vb.ObjectValue.ToString());
    }
}
