using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Server.Procedures;

namespace Vireo.Rpc.Server;

// Calls of libvirt's LXC program, whose reply carries descriptors (REPLY_WITH_FDS).
public sealed partial class RpcConnection
{
    private static bool IsLxcProgram(in MessageHeader h) => h.Program == LxcProtocol.Program && h.Version == LxcProtocol.Version;

    private void HandleLxcCall(MessageHeader h, in ReadOnlySequence<byte> payload)
    {
        // libvirt's order: auth, then open, then read-only; a transport without SCM_RIGHTS cannot answer.
        var refusal =
            !_authenticated ? RpcErrors.AuthRequired() :
            _driver is null ? RpcErrors.NotOpen() :
            h.Procedure != (int)LxcProcedure.DomainOpenNamespace ? RpcErrors.UnknownProcedure(h.Procedure) :
            IsReadOnly ? RpcErrors.ReadOnly(LxcProtocol.OpenNamespaceApi) :
            _transport is not IFdPassingTransport ? RpcErrors.NoFdPassing() : null;
        if (refusal is not null)
        {
            SendError(h, Protocol.RemoteError.From(refusal));
            return;
        }
        byte[]? rented = null;
        IReadOnlyList<SafeFileHandle> fds;
        try
        {
            fds = LxcProcedures.OpenNamespace(new CallContext(this, h), Contiguous(payload, ref rented));
        }
        catch (Exception e)
        {
            SendError(h, ErrorFor(e, h));
            return;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
        if (fds.Count == 0)
            Send(MessageBuilder.Build(h.ReplyWith(MessageStatus.Ok), default(Protocol.Records.VoidRecord))); // libvirt: no fds, a plain REPLY
        else
            _ = SendWithFdsAsync(h, fds);
    }

    /// <summary>
    /// A void reply announcing the descriptors (u32 count after the header), then the descriptors. The
    /// output gate is held throughout, so no other message can come between the reply and its descriptors.
    /// Our copies are closed once sent (the client holds its own).
    /// </summary>
    private async Task SendWithFdsAsync(MessageHeader call, IReadOnlyList<SafeFileHandle> fds)
    {
        var held = false;
        OutgoingMessage? msg = null;
        try
        {
            var b = MessageBuilder.Start(call with { Type = MessageType.ReplyWithFds, Status = MessageStatus.Ok });
            b.Xdr.WriteUInt((uint)fds.Count);
            msg = b.Finish();
            await _outputGate.WaitAsync(_closing.Token).ConfigureAwait(false);
            held = true;
            _transport.Output.Write(msg.Value.Span);
            var flushed = await _transport.Output.FlushAsync(_closing.Token).ConfigureAwait(false);
            if (flushed.IsCompleted)
            {
                Abort(null);
                return;
            }
            await ((IFdPassingTransport)_transport).SendFdsAsync([.. fds], _closing.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            if (!_closing.IsCancellationRequested) _log.LogWarning("connection {Id}: passing descriptors failed: {Reason}", Id, e.Message);
            Abort("passing descriptors failed: " + e.Message);
        }
        finally
        {
            if (held) _outputGate.Release();
            msg?.Release();
            foreach (var fd in fds) fd.Dispose();
        }
    }
}
