using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Vireo.Core.Errors;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Client;

/// <summary>An event message from the server (procedure and its raw _msg payload; <see cref="Program"/> tells the remote program's from the QEMU program's).</summary>
public readonly record struct RpcEventMessage(RemoteProcedure Procedure, byte[] Payload, uint Program = Programs.Remote);

/// <summary>
/// The client end of libvirt's remote protocol over any duplex pipe (a Unix socket to vireod or libvirtd,
/// or an in-process pipe to an embedded server): serials, replies matched by serial (any number of calls
/// in flight), events, streams and keepalive. Typed calls take our protocol records.
/// </summary>
public sealed class RpcClientConnection : IAsyncDisposable
{
    private readonly IDuplexPipe _transport;
    private readonly IAsyncDisposable? _resource;
    private readonly ConcurrentDictionary<uint, PendingCall> _pending = new();
    private readonly ConcurrentDictionary<uint, RpcClientStream> _streams = new();
    private readonly Channel<RpcEventMessage> _events = Channel.CreateUnbounded<RpcEventMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _readLoop;
    private int _nextSerial = -1;
    private long _lastTraffic = Environment.TickCount64;
    private int _unansweredPings;
    private Exception? _closeReason;

    public RpcClientConnection(IDuplexPipe transport, IAsyncDisposable? resource = null)
    {
        _transport = transport;
        _resource = resource;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Connects to a Unix socket (vireod's, or libvirtd's /run/libvirt/libvirt-sock).</summary>
    public static async Task<RpcClientConnection> ConnectUnixAsync(string path, CancellationToken ct = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new VirException(VirErrorCode.SystemError, VirErrorDomain.Rpc, $"Failed to connect socket to '{path}': {SocketErrorText.Describe(e)}", e);
        }
        var stream = new NetworkStream(socket, ownsSocket: true);
        var pipe = new SocketPipe(PipeReader.Create(stream), PipeWriter.Create(stream));
        return new RpcClientConnection(pipe, stream);
    }

    /// <summary>Event messages as they arrive (decode them with the records in Protocol.Records).</summary>
    public ChannelReader<RpcEventMessage> Events => _events.Reader;

    /// <summary>Completes when the connection is closed (by either side).</summary>
    public Task Completion => _readLoop;

    public bool IsClosed => _closing.IsCancellationRequested;

    public async Task<TRet> CallAsync<TArgs, TRet>(RemoteProcedure proc, TArgs args, CancellationToken ct = default)
        where TArgs : IXdrRecord<TArgs>
        where TRet : IXdrRecord<TRet>
    {
        var (task, _) = await StartCallAsync<TArgs, TRet>(proc, args, null, ct).ConfigureAwait(false);
        return await task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>A call of libvirt's QEMU program (libvirt-qemu) on the same connection.</summary>
    public async Task<TRet> CallQemuAsync<TArgs, TRet>(QemuProcedure proc, TArgs args, CancellationToken ct = default)
        where TArgs : IXdrRecord<TArgs>
        where TRet : IXdrRecord<TRet>
    {
        var (task, _) = await StartCallAsync<TArgs, TRet>(QemuProtocol.Program, QemuProtocol.Version, (int)proc, args, null, ct).ConfigureAwait(false);
        return await task.WaitAsync(ct).ConfigureAwait(false);
    }

    public Task<TRet> CallAsync<TRet>(RemoteProcedure proc, CancellationToken ct = default) where TRet : IXdrRecord<TRet> =>
        CallAsync<VoidRecord, TRet>(proc, default, ct);

    public Task CallVoidAsync<TArgs>(RemoteProcedure proc, TArgs args, CancellationToken ct = default) where TArgs : IXdrRecord<TArgs> =>
        CallAsync<TArgs, VoidRecord>(proc, args, ct);

    /// <summary>A call whose success opens a stream (DOMAIN_OPEN_CONSOLE): the stream exists before the reply can arrive.</summary>
    public async Task<RpcClientStream> CallWithStreamAsync<TArgs>(RemoteProcedure proc, TArgs args, CancellationToken ct = default)
        where TArgs : IXdrRecord<TArgs> =>
        (await CallWithStreamAsync<TArgs, VoidRecord>(proc, args, ct).ConfigureAwait(false)).Stream;

    /// <summary>The same for a call whose reply carries a value too (DOMAIN_SCREENSHOT: the MIME type, then the image).</summary>
    public async Task<(TRet Reply, RpcClientStream Stream)> CallWithStreamAsync<TArgs, TRet>(RemoteProcedure proc, TArgs args, CancellationToken ct = default)
        where TArgs : IXdrRecord<TArgs>
        where TRet : IXdrRecord<TRet>
    {
        var (task, stream) = await StartCallAsync<TArgs, TRet>(proc, args, s => new RpcClientStream(this, s), ct).ConfigureAwait(false);
        try
        {
            return (await task.WaitAsync(ct).ConfigureAwait(false), stream!);
        }
        catch
        {
            ForgetStream(stream!);
            throw;
        }
    }

    private Task<(Task<TRet>, RpcClientStream?)> StartCallAsync<TArgs, TRet>(RemoteProcedure proc, TArgs args,
        Func<MessageHeader, RpcClientStream>? openStream, CancellationToken ct)
        where TArgs : IXdrRecord<TArgs>
        where TRet : IXdrRecord<TRet> =>
        StartCallAsync<TArgs, TRet>(Programs.Remote, Programs.RemoteVersion, (int)proc, args, openStream, ct);

    private async Task<(Task<TRet>, RpcClientStream?)> StartCallAsync<TArgs, TRet>(uint program, uint version, int proc, TArgs args,
        Func<MessageHeader, RpcClientStream>? openStream, CancellationToken ct)
        where TArgs : IXdrRecord<TArgs>
        where TRet : IXdrRecord<TRet>
    {
        ThrowIfClosed();
        var serial = (uint)Interlocked.Increment(ref _nextSerial);
        var header = new MessageHeader(program, version, proc, MessageType.Call, serial, MessageStatus.Ok);
        var pending = new PendingCall<TRet>();
        _pending[serial] = pending;
        RpcClientStream? stream = null;
        if (openStream is not null)
        {
            stream = openStream(header);
            _streams[serial] = stream;
        }
        try
        {
            await SendAsync(MessageBuilder.Build(header, args), ct).ConfigureAwait(false);
        }
        catch
        {
            _pending.TryRemove(serial, out _);
            if (stream is not null) ForgetStream(stream);
            throw;
        }
        return (pending.Task, stream);
    }

    /// <summary>Writes one message and flushes it; concurrent senders take turns.</summary>
    internal async ValueTask SendAsync(OutgoingMessage msg, CancellationToken ct)
    {
        try
        {
            await _writeLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                ThrowIfClosed();
                _transport.Output.Write(msg.Span);
                await _transport.Output.FlushAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        finally
        {
            msg.Release();
        }
    }

    internal void ForgetStream(RpcClientStream stream) =>
        _streams.TryRemove(new KeyValuePair<uint, RpcClientStream>(stream.Serial, stream));

    private void ThrowIfClosed()
    {
        if (_closing.IsCancellationRequested) throw Closed();
    }

    private VirException Closed() =>
        new(VirErrorCode.SystemError, VirErrorDomain.Rpc, "the connection to the daemon is closed" + (_closeReason is null ? "" : $": {_closeReason.Message}"));

    private async Task ReadLoopAsync()
    {
        var input = _transport.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (FrameReader.TryReadFrame(ref buffer, out var frame)) Dispatch(frame);
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                if (result.IsCompleted || result.IsCanceled) break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _closeReason = e;
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Shutdown();
        }
    }

    private void Dispatch(in Frame frame)
    {
        _lastTraffic = Environment.TickCount64;
        _unansweredPings = 0;
        var h = frame.Header;
        byte[]? rented = null;
        var payload = frame.Payload.IsSingleSegment ? frame.Payload.FirstSpan : Copy(frame.Payload, ref rented);
        try
        {
            if (h.IsKeepalive)
            {
                if (h.Procedure == Programs.KeepalivePing)
                    _ = SendQuietlyAsync(MessageBuilder.Empty(h with { Procedure = Programs.KeepalivePong }));
                return;
            }
            switch (h.Type)
            {
                case MessageType.Reply:
                case MessageType.ReplyWithFds:
                    if (_pending.TryRemove(h.Serial, out var call)) call.Complete(h.Status, payload);
                    break;
                case MessageType.Message:
                    _events.Writer.TryWrite(new RpcEventMessage((RemoteProcedure)h.Procedure, payload.ToArray(), h.Program));
                    break;
                case MessageType.Stream:
                    if (_streams.TryGetValue(h.Serial, out var stream)) stream.OnPacket(h.Status, payload);
                    break;
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ReadOnlySpan<byte> Copy(in ReadOnlySequence<byte> seq, ref byte[]? rented)
    {
        rented = ArrayPool<byte>.Shared.Rent((int)seq.Length);
        seq.CopyTo(rented);
        return rented.AsSpan(0, (int)seq.Length);
    }

    private async Task SendQuietlyAsync(OutgoingMessage msg)
    {
        try { await SendAsync(msg, _closing.Token).ConfigureAwait(false); }
        catch (Exception e) when (e is VirException or IOException or OperationCanceledException or ObjectDisposedException) { }
    }

    /// <summary>
    /// Pings the server when the connection is idle, and closes it after <paramref name="count"/> unanswered
    /// pings (virsh: interval 5 s, count 6). Only for servers that answered feature PROGRAM_KEEPALIVE.
    /// </summary>
    public void StartKeepalive(TimeSpan interval, int count) => _ = KeepaliveAsync(interval, count);

    private async Task KeepaliveAsync(TimeSpan interval, int count)
    {
        var ms = (long)interval.TotalMilliseconds;
        var ping = new MessageHeader(Programs.Keepalive, Programs.KeepaliveVersion, Programs.KeepalivePing, MessageType.Message, 0, MessageStatus.Ok);
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var idle = Environment.TickCount64 - Volatile.Read(ref _lastTraffic);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, idle >= ms ? ms : ms - idle)), _closing.Token).ConfigureAwait(false);
                if (Environment.TickCount64 - Volatile.Read(ref _lastTraffic) < ms) continue;
                if (_unansweredPings >= count)
                {
                    _closeReason = new TimeoutException("connection closed due to keepalive timeout");
                    Shutdown();
                    return;
                }
                _unansweredPings++;
                await SendQuietlyAsync(MessageBuilder.Empty(ping)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Shutdown()
    {
        if (!_closing.IsCancellationRequested)
        {
            try { _closing.Cancel(); }
            catch (ObjectDisposedException) { }
        }
        _transport.Input.CancelPendingRead();
        var error = Closed();
        foreach (var key in _pending.Keys)
            if (_pending.TryRemove(key, out var call)) call.Fail(error);
        foreach (var s in _streams.Values) s.OnConnectionClosed();
        _streams.Clear();
        _events.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        Shutdown();
        try { await _readLoop.ConfigureAwait(false); }
        catch (Exception) { /* already reported through Completion */ }
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _transport.Output.CompleteAsync().ConfigureAwait(false);
            await _transport.Input.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
        if (_resource is not null) await _resource.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class SocketPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
