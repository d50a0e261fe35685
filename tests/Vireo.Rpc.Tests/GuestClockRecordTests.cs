using System.Buffers;
using Vireo.Core.State;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Tests.Support;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Tests;

/// <summary>DOMAIN_GET_TIME's reply and DOMAIN_SET_TIME's arguments on the wire (XDR, big-endian).</summary>
public sealed class GuestClockRecordTests
{
    private static string Hex<T>(T value) where T : IXdrEncodable
    {
        var buf = new ArrayBufferWriter<byte>();
        var w = new XdrWriter(buf);
        value.Encode(ref w);
        return Convert.ToHexString(buf.WrittenSpan);
    }

    private static T Decode<T>(string hex) where T : IXdrRecord<T>
    {
        var r = new XdrReader(Convert.FromHexString(hex));
        var v = T.Decode(ref r);
        r.EnsureEnd();
        return v;
    }

    [Fact]
    public void Get_time_reply_is_a_hyper_of_seconds_then_unsigned_nanoseconds()
    {
        const string hex = "0000000077359400" + "00000007";
        Assert.Equal(hex, Hex(new DomainGetTimeRet(2_000_000_000, 7)));
        Assert.Equal(new DomainGetTimeRet(2_000_000_000, 7), Decode<DomainGetTimeRet>(hex));
        Assert.Equal("FFFFFFFFFFFFFFFF" + "1DCD6500", Hex(new DomainGetTimeRet(-1, 500_000_000)));
    }

    [Fact]
    public void Set_time_args_are_the_domain_then_seconds_nanoseconds_and_flags()
    {
        var args = new DomainSetTimeArgs(new DomainRef("t", Domains.LvTest1, 3), 5, 6, 1);
        const string dom = "00000001" + "74000000" + "727417977E6C4FE485AA7C14F559A862" + "00000003";
        Assert.Equal(dom + "0000000000000005" + "00000006" + "00000001", Hex(args));
        Assert.Equal(args, Decode<DomainSetTimeArgs>(Hex(args)));
    }
}
