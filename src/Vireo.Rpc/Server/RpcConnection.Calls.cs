using System.Buffers;
using Microsoft.Extensions.Logging;
using Vireo.Core.Errors;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Server;

public sealed partial class RpcConnection
{
    private void HandleFrame(in Frame frame)
    {
        var h = frame.Header;
        if (h.IsKeepalive)
        {
            HandleKeepalive(h);
            return;
        }
        switch (h.Type)
        {
            case MessageType.Call:
                HandleCall(h, frame.Payload);
                break;
            case MessageType.Stream:
                HandleStreamPacket(h, frame.Payload);
                break;
            case MessageType.CallWithFds:
                SendError(h, RemoteError.From(RpcErrors.NoFdPassing()));
                break;
            default:
                // libvirtd ignores replies, messages and holes a client sends where they make no sense.
                _log.LogDebug("connection {Id}: ignoring a {Type} message for procedure {Proc}", Id, h.Type, h.Procedure);
                break;
        }
    }

    private void HandleCall(MessageHeader h, in ReadOnlySequence<byte> payload)
    {
        if (IsLxcProgram(h))
        {
            HandleLxcCall(h, payload);
            return;
        }
        ProcedureEntry? entry;
        if (h.Program == Programs.Remote && h.Version == Programs.RemoteVersion)
            entry = _server.Dispatcher.Find(h.Procedure);
        else if (h.Program == QemuProtocol.Program && h.Version == QemuProtocol.Version)
            entry = Procedures.QemuProcedures.Find(h.Procedure);
        else
        {
            SendError(h, RemoteError.From(RpcErrors.UnknownProgram(h.Program, h.Version)));
            return;
        }
        var refusal = entry is null ? RpcErrors.UnknownProcedure(h.Procedure) : Admit(entry);
        if (refusal is not null)
        {
            SendError(h, RemoteError.From(refusal));
            return;
        }

        byte[]? rented = null;
        ValueTask<OutgoingMessage> pending;
        try
        {
            pending = entry!.Invoke(new CallContext(this, h), Contiguous(payload, ref rented));
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

        if (pending.IsCompletedSuccessfully)
        {
            Replied(entry, h, pending.Result);
            return;
        }
        _ = CompleteCallAsync(entry, h, pending);
    }

    /// <summary>Why a call may not run now (libvirt's order: auth, then open, then read-only), or null.</summary>
    private Core.Errors.VirException? Admit(ProcedureEntry entry)
    {
        var o = entry.Options;
        if (!_authenticated && !o.BeforeAuth) return RpcErrors.AuthRequired();
        if (_driver is null && !o.BeforeOpen) return RpcErrors.NotOpen();
        if (o.Writes && IsReadOnly) return RpcErrors.ReadOnly(o.Api ?? entry.Name);
        return null;
    }

    private async Task CompleteCallAsync(ProcedureEntry entry, MessageHeader h, ValueTask<OutgoingMessage> pending)
    {
        OutgoingMessage reply;
        try
        {
            reply = await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            SendError(h, ErrorFor(e, h));
            return;
        }
        Replied(entry, h, reply);
    }

    private void Replied(ProcedureEntry entry, MessageHeader h, OutgoingMessage reply)
    {
        if (!Send(reply)) return;
        // The stream's first data packet must follow the reply that opened it.
        if (entry.Options.OpensStream) ActivateStream(h.Serial);
    }

    private RemoteError ErrorFor(Exception e, MessageHeader h)
    {
        switch (e)
        {
            case VirException v:
                return RemoteError.From(v);
            case XdrException x:
                _log.LogDebug("connection {Id}: bad arguments for procedure {Proc}: {Reason}", Id, h.Procedure, x.Message);
                return RemoteError.From(RpcErrors.BadPayload());
            case OperationCanceledException when _closing.IsCancellationRequested:
                return RemoteError.From(new VirException(VirErrorCode.OperationAborted, VirErrorDomain.Rpc, "the client connection closed"));
            default:
                _log.LogError(e, "connection {Id}: procedure {Proc} failed unexpectedly", Id, h.Procedure);
                return RemoteError.From(new VirException(VirErrorCode.InternalError, VirErrorDomain.Rpc, e.Message));
        }
    }

    /// <summary>Answers with a remote_error: a REPLY/ERROR, or with keepType a STREAM/ERROR.</summary>
    internal void SendError(MessageHeader h, RemoteError error, bool keepType = false)
    {
        OutgoingMessage msg;
        try
        {
            var header = keepType ? h with { Status = MessageStatus.Error } : h.ReplyWith(MessageStatus.Error);
            msg = MessageBuilder.Build(header, error);
        }
        catch (XdrException e)
        {
            _log.LogError(e, "connection {Id}: cannot encode an error reply", Id);
            return;
        }
        Send(msg);
    }
}
