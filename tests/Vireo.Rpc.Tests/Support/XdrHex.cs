using System.Buffers;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Tests.Support;

/// <summary>A record as upper-case hex of its XDR bytes, and back (the whole input must be consumed).</summary>
public static class XdrHex
{
    public static string Of<T>(T value) where T : IXdrEncodable
    {
        var buf = new ArrayBufferWriter<byte>();
        var w = new XdrWriter(buf);
        value.Encode(ref w);
        return Convert.ToHexString(buf.WrittenSpan);
    }

    public static T Decode<T>(string hex) where T : IXdrRecord<T>
    {
        var r = new XdrReader(Convert.FromHexString(hex));
        var v = T.Decode(ref r);
        r.EnsureEnd();
        return v;
    }
}
