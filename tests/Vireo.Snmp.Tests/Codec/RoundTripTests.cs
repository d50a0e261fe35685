using Vireo.Snmp.AgentX;
using Vireo.Snmp.Tests.Support;

namespace Vireo.Snmp.Tests.Codec;

/// <summary>Every PDU type and every varbind type survives encode -> decode in both byte orders.</summary>
public class RoundTripTests
{
    private static readonly Oid Name = Oid.Parse("1.3.6.1.4.1.36957.1.1.1.2.1.2.3");
    private static readonly PduHeader H = new(7, 11, 13);

    public static readonly VarBind[] EveryVarBindType =
    [
        VarBind.Integer(Oid.Parse("1.3.6.1.2"), -5),
        VarBind.Integer(Oid.Parse("1.3.6.1.2.1"), int.MaxValue),
        VarBind.OctetString(Oid.Parse("1.3.6.1.3"), "xyz"),
        VarBind.OctetString(Oid.Parse("1.3.6.1.3.1"), []),
        VarBind.Null(Oid.Parse("1.3.6.1.4")),
        VarBind.ObjectIdentifier(Oid.Parse("1.3.6.1.5"), Oid.Parse("1.3.6.1.4.1.36957")),
        VarBind.ObjectIdentifier(Oid.Parse("1.3.6.1.5.1"), Oid.Null),
        VarBind.IpAddress(Oid.Parse("1.3.6.1.6"), [127, 0, 0, 1]),
        VarBind.Counter32(Oid.Parse("1.3.6.1.7"), uint.MaxValue),
        VarBind.Gauge32(Oid.Parse("1.3.6.1.8"), 4294967295),
        VarBind.TimeTicks(Oid.Parse("1.3.6.1.9"), 12345),
        VarBind.Opaque(Oid.Parse("1.3.6.1.10"), [1, 2, 3, 4, 5, 6]),
        VarBind.Counter64(Oid.Parse("1.3.6.1.11"), ulong.MaxValue),
        VarBind.NoSuchObject(Oid.Parse("1.2.840")),
        VarBind.NoSuchInstance(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.3.1")),
        VarBind.EndOfMibView(Oid.Parse("1.3.6.1.4.1.36957.2")),
    ];

    public static TheoryData<Pdu> EveryPdu => new()
    {
        new OpenPdu(H, 5, Oid.Parse("1.3.6.1.4.1.36957"), "Vireo"u8.ToArray()),
        new ClosePdu(H, CloseReason.Shutdown),
        new RegisterPdu(H, 3, 100, 0, Oid.Parse("1.3.6.1.4.1.36957.1.1")),
        new RegisterPdu(H, 0, 127, 12, Oid.Parse("1.3.6.1.4.1.36957.1.1.1.2.1"), 9) { Context = "ctx"u8.ToArray() },
        new UnregisterPdu(H, 127, 0, Oid.Parse("1.3.6.1.4.1.36957.1.1")),
        new UnregisterPdu(H, 127, 9, Oid.Parse("1.3.6.1.4.1.36957.1.1.1"), 77),
        new GetPdu(H, [new SearchRange(Name, Oid.Null), new SearchRange(Oid.Parse("1.3.6.1.2.1.1.3.0"), Oid.Null)]),
        new GetNextPdu(H, [new SearchRange(Name, Oid.Parse("1.3.6.1.4.1.36957.1.2"), true)]),
        new GetNextPdu(H, [new SearchRange(Name, Oid.Null)]) { Context = "tenant-a"u8.ToArray() },
        new GetBulkPdu(H, 1, 10, [new SearchRange(Name, Oid.Null), new SearchRange(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.3"), Oid.Parse("1.3.6.1.4.1.36957.1.1.1.4"))]),
        new TestSetPdu(H, EveryVarBindType),
        new CommitSetPdu(H),
        new UndoSetPdu(H),
        new CleanupSetPdu(H),
        new NotifyPdu(H, EveryVarBindType),
        new PingPdu(H),
        new PingPdu(H) { Context = "c"u8.ToArray() },
        new IndexAllocatePdu(H with { Flags = PduFlags.NewIndex }, [VarBind.Integer(Name, 1)]),
        new IndexDeallocatePdu(H, [VarBind.Integer(Name, 1)]),
        new AddAgentCapsPdu(H, Oid.Parse("1.3.6.1.4.1.36957"), "caps"u8.ToArray()),
        new RemoveAgentCapsPdu(H, Oid.Parse("1.3.6.1.4.1.36957")),
        new ResponsePdu(H, 4242, AgentXError.InconsistentValue, 2, EveryVarBindType),
        new ResponsePdu(H, 0, AgentXError.DuplicateRegistration, 0, []),
    };

    [Theory]
    [MemberData(nameof(EveryPdu))]
    public void Pdu_round_trips_in_network_byte_order(Pdu pdu) => AssertRoundTrip(pdu, bigEndian: true);

    [Theory]
    [MemberData(nameof(EveryPdu))]
    public void Pdu_round_trips_in_little_endian(Pdu pdu) => AssertRoundTrip(pdu, bigEndian: false);

    private static void AssertRoundTrip(Pdu pdu, bool bigEndian)
    {
        var bytes = PduCodec.Encode(pdu, bigEndian);
        Assert.Equal(0, (bytes.Length - PduCodec.HeaderLength) % 4);
        Assert.Equal(bigEndian, (bytes[2] & (byte)PduFlags.NetworkByteOrder) != 0);
        Assert.Equal(pdu.Context is not null, (bytes[2] & (byte)PduFlags.NonDefaultContext) != 0);
        var result = PduCodec.Decode(bytes);
        Assert.True(result.Ok, result.Error?.Message);
        var back = result.Pdu!;
        Assert.Equal(pdu.GetType(), back.GetType());
        Assert.Equal(pdu.Header, back.Header);
        Assert.Equal(pdu.Context, back.Context);
        Assert.Equal(Hex.Of(bytes), Hex.Of(PduCodec.Encode(back, bigEndian)));
        switch (pdu, back)
        {
            case (NotifyPdu a, NotifyPdu b): Assert.Equal(a.VarBinds, b.VarBinds); break;
            case (TestSetPdu a, TestSetPdu b): Assert.Equal(a.VarBinds, b.VarBinds); break;
            case (ResponsePdu a, ResponsePdu b):
                Assert.Equal((a.SysUpTime, a.Error, a.Index), (b.SysUpTime, b.Error, b.Index));
                Assert.Equal(a.VarBinds, b.VarBinds);
                break;
            case (GetBulkPdu a, GetBulkPdu b):
                Assert.Equal((a.NonRepeaters, a.MaxRepetitions), (b.NonRepeaters, b.MaxRepetitions));
                Assert.Equal(a.Ranges, b.Ranges);
                break;
            case (GetNextPdu a, GetNextPdu b): Assert.Equal(a.Ranges, b.Ranges); break;
            case (RegisterPdu a, RegisterPdu b): Assert.Equal(a with { Context = null }, b with { Context = null }); break;
        }
    }

    [Fact]
    public void Byte_orders_differ_on_the_wire_but_decode_to_the_same_pdu()
    {
        var pdu = new ResponsePdu(H, 0x01020304, AgentXError.NotWritable, 1, [VarBind.Counter64(Name, 0x0102030405060708)]);
        var be = PduCodec.Encode(pdu, bigEndian: true);
        var le = PduCodec.Encode(pdu, bigEndian: false);
        Assert.NotEqual(Hex.Of(be), Hex.Of(le));
        var a = Assert.IsType<ResponsePdu>(PduCodec.Decode(be).Pdu);
        var b = Assert.IsType<ResponsePdu>(PduCodec.Decode(le).Pdu);
        Assert.Equal(a.VarBinds, b.VarBinds);
        Assert.Equal(0x0102030405060708ul, b.VarBinds[0].Number);
        // Counter64 in LE goes low word first (net-snmp protocol.c): the last 8 bytes are 08 07 .. 01.
        Assert.Equal("0807060504030201", Hex.Of(le[^8..]));
        Assert.Equal("0102030405060708", Hex.Of(be[^8..]));
    }

    [Fact]
    public void Oid_orders_unsigned_and_shorter_first()
    {
        Assert.True(Oid.Parse("1.3.6.1.4.1.36957.1.1.1.2.74") < Oid.Parse("1.3.6.1.4.1.36957.1.1.1.2.200"));
        Assert.True(Oid.Parse("1.3.6.1.4.1") < Oid.Parse("1.3.6.1.4.1.0"));
        Assert.True(Oid.Parse("1.3.6.1.4294967295") > Oid.Parse("1.3.6.1.2147483648"));
        Assert.True(Oid.Null < Oid.Parse("0"));
        Assert.Equal(".1.3.6.1.4.1.36957", Oid.Parse(".1.3.6.1.4.1.36957").ToString());
        Assert.Throws<FormatException>(() => Oid.Parse("1.3.x"));
        Assert.Throws<ArgumentException>(() => new Oid(new uint[129]));
    }
}
