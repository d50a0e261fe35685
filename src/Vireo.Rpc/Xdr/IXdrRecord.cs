namespace Vireo.Rpc.Xdr;

/// <summary>Something that writes itself as XDR.</summary>
public interface IXdrEncodable
{
    void Encode(ref XdrWriter w);
}

/// <summary>A protocol record (an _args, _ret or _msg struct) that encodes and decodes itself.</summary>
public interface IXdrRecord<TSelf> : IXdrEncodable where TSelf : IXdrRecord<TSelf>
{
    static abstract TSelf Decode(ref XdrReader r);
}
