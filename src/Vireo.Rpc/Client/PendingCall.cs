using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Client;

/// <summary>A call waiting for its reply; the reply is decoded on the read loop, straight from the buffer.</summary>
internal abstract class PendingCall
{
    public abstract void Complete(MessageStatus status, ReadOnlySpan<byte> payload);
    public abstract void Fail(Exception error);
}

internal sealed class PendingCall<TRet> : PendingCall where TRet : IXdrRecord<TRet>
{
    private readonly TaskCompletionSource<TRet> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TRet> Task => _tcs.Task;

    public override void Complete(MessageStatus status, ReadOnlySpan<byte> payload)
    {
        try
        {
            var r = new XdrReader(payload);
            if (status == MessageStatus.Error)
                _tcs.TrySetException(RemoteError.Decode(ref r).ToException());
            else
                _tcs.TrySetResult(TRet.Decode(ref r));
        }
        catch (XdrException e)
        {
            _tcs.TrySetException(e);
        }
    }

    public override void Fail(Exception error) => _tcs.TrySetException(error);
}
