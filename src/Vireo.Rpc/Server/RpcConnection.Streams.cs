using System.Buffers;
using System.Collections.Concurrent;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Framing;

namespace Vireo.Rpc.Server;

public sealed partial class RpcConnection
{
    private readonly ConcurrentDictionary<uint, ServerStream> _streams = new();
    private readonly ConcurrentDictionary<uint, ServerStream> _pendingStreams = new();

    /// <summary>
    /// Called by a stream-opening handler: the stream starts once the call's OK reply is queued, so no
    /// data packet can overtake the reply.
    /// </summary>
    public void AttachConsoleStream(MessageHeader callHeader, IConsoleSession session)
    {
        var stream = new ServerStream(this, callHeader, session, _server.Options.MaxQueuedStreamPackets, _log);
        if (!_pendingStreams.TryAdd(callHeader.Serial, stream))
            throw new InvalidOperationException($"a stream with serial {callHeader.Serial} is already open");
    }

    private void ActivateStream(uint serial)
    {
        if (!_pendingStreams.TryRemove(serial, out var stream)) return;
        _streams[serial] = stream;
        stream.Start();
    }

    internal void RemoveStream(ServerStream stream) =>
        _streams.TryRemove(new KeyValuePair<uint, ServerStream>(stream.Serial, stream));

    private void HandleStreamPacket(MessageHeader h, in ReadOnlySequence<byte> payload)
    {
        if (!_streams.TryGetValue(h.Serial, out var stream) || stream.Procedure != h.Procedure)
            return; // libvirtd ignores packets for streams it does not know (e.g. just closed)
        switch (h.Status)
        {
            case MessageStatus.Continue:
                if (payload.IsSingleSegment) stream.OnClientData(payload.FirstSpan);
                else stream.OnClientData(payload.ToArray());
                break;
            case MessageStatus.Ok:
                _ = stream.CloseByClientAsync(abort: false);
                break;
            default:
                _ = stream.CloseByClientAsync(abort: true);
                break;
        }
    }

    private async Task DisposeStreamsAsync()
    {
        foreach (var s in _pendingStreams.Values) await s.DisposeAsync().ConfigureAwait(false);
        _pendingStreams.Clear();
        foreach (var s in _streams.Values) await s.DisposeAsync().ConfigureAwait(false);
        _streams.Clear();
    }
}
