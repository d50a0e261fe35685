namespace Vireo.Rpc.Xdr;

/// <summary>
/// A payload that does not decode (truncated, too long, bad discriminant). The connection answers the call
/// with libvirt's "Unable to decode message payload" error and keeps the connection.
/// </summary>
public class XdrException : Exception
{
    public XdrException(string message) : base(message) { }
}

/// <summary>
/// A frame that cannot be trusted (length out of range, header cut short): the connection that sent it is
/// closed without a reply, as libvirtd does. Other connections are not affected.
/// </summary>
public sealed class MalformedFrameException : Exception
{
    public MalformedFrameException(string message) : base(message) { }
}
