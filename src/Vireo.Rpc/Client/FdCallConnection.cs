using System.Buffers.Binary;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using Vireo.Core.Errors;
using Vireo.Core.State;
using Vireo.Platform.Sockets;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Client;

/// <summary>
/// A short-lived connection for calls whose reply carries file descriptors (libvirt's LXC program:
/// DOMAIN_OPEN_NAMESPACE). <see cref="RpcClientConnection"/> reads its socket through a stream, which
/// makes the kernel drop any descriptor that arrives; this one reads with recvmsg, keeps descriptors in
/// arrival order and takes them for the REPLY_WITH_FDS that announced them (each comes attached to one
/// byte of its own right after that reply). One call at a time, no events, no keepalive: it is opened
/// next to the client's main connection for the one call, the way a second virsh would be.
/// </summary>
public sealed class FdCallConnection : IAsyncDisposable
{
    private const int AuthNone = 0;
    private const int AuthPolkit = 2;

    private readonly Socket _socket;
    private readonly Queue<SafeFileHandle> _fds = new();
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;
    private uint _nextSerial;

    private FdCallConnection(Socket socket) => _socket = socket;

    /// <summary>Connects to a daemon socket and opens the driver <paramref name="name"/> names (as CONNECT_OPEN).</summary>
    public static async Task<FdCallConnection> OpenAsync(string socketPath, string name, bool readOnly, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new VirException(VirErrorCode.SystemError, VirErrorDomain.Rpc, $"Failed to connect socket to '{socketPath}': {SocketErrorText.Describe(e)}", e);
        }
        return await OpenAsync(socket, name, readOnly, ct).ConfigureAwait(false);
    }

    /// <summary>The same over a connected socket (e.g. one end of a pair whose other end an in-process server serves). Takes ownership.</summary>
    public static async Task<FdCallConnection> OpenAsync(Socket connected, string name, bool readOnly, CancellationToken ct)
    {
        var conn = new FdCallConnection(connected);
        try
        {
            var auth = (await conn.CallAsync<VoidRecord, AuthListRet>(Programs.Remote, (int)RemoteProcedure.AuthList, default, ct).ConfigureAwait(false)).Reply;
            if (auth.Types.Length > 0 && !auth.Types.Contains(AuthNone))
            {
                if (!auth.Types.Contains(AuthPolkit))
                    throw new VirException(VirErrorCode.AuthFailed, VirErrorDomain.Rpc, "no supported authentication method offered by the daemon");
                await conn.CallAsync<VoidRecord, IntValue>(Programs.Remote, (int)RemoteProcedure.AuthPolkit, default, ct).ConfigureAwait(false);
            }
            await conn.CallAsync<ConnectOpenArgs, VoidRecord>(Programs.Remote, (int)RemoteProcedure.ConnectOpen,
                new ConnectOpenArgs(name, readOnly ? ConnectOpenArgs.ReadOnly : 0), ct).ConfigureAwait(false);
            return conn;
        }
        catch
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// virDomainLxcOpenNamespace: descriptors of the running container's namespaces (user when it has its
    /// own, then ipc, mnt, net, pid, uts). The caller owns them.
    /// </summary>
    public async Task<IReadOnlyList<SafeFileHandle>> OpenNamespaceAsync(DomainRef dom, CancellationToken ct) =>
        (await CallAsync<DomainFlagsArgs, VoidRecord>(LxcProtocol.Program, (int)LxcProcedure.DomainOpenNamespace, new DomainFlagsArgs(dom, 0), ct).ConfigureAwait(false)).Fds;

    /// <summary>One call and its reply, with the descriptors a REPLY_WITH_FDS brought.</summary>
    public async Task<(TRet Reply, IReadOnlyList<SafeFileHandle> Fds)> CallAsync<TArgs, TRet>(uint program, int procedure, TArgs args, CancellationToken ct)
        where TArgs : IXdrRecord<TArgs>
        where TRet : IXdrRecord<TRet>
    {
        var serial = _nextSerial++;
        var msg = MessageBuilder.Build(new MessageHeader(program, 1, procedure, MessageType.Call, serial, MessageStatus.Ok), args);
        try
        {
            await _socket.SendAsync(msg.Memory, SocketFlags.None, ct).ConfigureAwait(false);
        }
        finally
        {
            msg.Release();
        }
        while (true)
        {
            var (header, length) = await ReadMessageAsync(ct).ConfigureAwait(false);
            if (header.Serial != serial || header.Type is not (MessageType.Reply or MessageType.ReplyWithFds) || header.IsKeepalive)
            {
                Consume(length); // nothing else was asked for; skip whatever else arrives
                continue;
            }
            return await DecodeReplyAsync<TRet>(header, length, ct).ConfigureAwait(false);
        }
    }

    private async Task<(TRet, IReadOnlyList<SafeFileHandle>)> DecodeReplyAsync<TRet>(MessageHeader header, int length, CancellationToken ct)
        where TRet : IXdrRecord<TRet>
    {
        var payloadStart = _start + XdrLimits.MinMessageLength;
        var payloadLength = length - XdrLimits.MinMessageLength;
        var fdCount = 0;
        if (header.Type == MessageType.ReplyWithFds)
        {
            if (payloadLength < 4) throw Protocol("a reply with descriptors is too short to say how many");
            fdCount = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(payloadStart));
            if (fdCount is < 0 or > LxcProtocol.MaxFds) throw Protocol($"a reply announced {fdCount} descriptors");
            payloadStart += 4;
            payloadLength -= 4;
        }
        VirException? error = null;
        TRet ret = default!;
        var reader = new XdrReader(_buffer.AsSpan(payloadStart, payloadLength));
        if (header.Status == MessageStatus.Error) error = RemoteError.Decode(ref reader).ToException();
        else ret = TRet.Decode(ref reader);
        Consume(length);

        // Each descriptor comes with one byte right after the message.
        var fds = new List<SafeFileHandle>();
        try
        {
            for (var i = 0; i < fdCount; i++)
            {
                while (_end - _start < 1) await FillAsync(ct).ConfigureAwait(false);
                _start++;
                if (!_fds.TryDequeue(out var fd)) throw Protocol($"the daemon announced {fdCount} descriptors but sent {i}");
                fds.Add(fd);
            }
        }
        catch
        {
            foreach (var fd in fds) fd.Dispose();
            throw;
        }
        if (error is not null)
        {
            foreach (var fd in fds) fd.Dispose();
            throw error;
        }
        return (ret, fds);
    }

    /// <summary>Buffers one whole message; returns its header and length (the message starts at _start).</summary>
    private async Task<(MessageHeader, int)> ReadMessageAsync(CancellationToken ct)
    {
        while (_end - _start < 4) await FillAsync(ct).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start));
        if (length is < XdrLimits.MinMessageLength or > XdrLimits.MaxMessageLength) throw Protocol($"message length {length} is out of range");
        while (_end - _start < length) await FillAsync(ct).ConfigureAwait(false);
        return (MessageHeader.Read(_buffer.AsSpan(_start + 4, XdrLimits.HeaderSize)), length);
    }

    private void Consume(int count) => _start += count;

    /// <summary>Receives more bytes (and any descriptors that came with them) at the end of the buffer.</summary>
    private async Task FillAsync(CancellationToken ct)
    {
        if (_start == _end) _start = _end = 0;
        if (_buffer.Length - _end < 4096)
        {
            var live = _end - _start;
            var next = live + 4096 > _buffer.Length ? new byte[Math.Max(_buffer.Length * 2, live + 4096)] : _buffer;
            Array.Copy(_buffer, _start, next, 0, live);
            (_buffer, _start, _end) = (next, 0, live);
        }
        var (bytes, fds) = await FdPassing.ReceiveAsync(_socket, _buffer.AsMemory(_end), ct).ConfigureAwait(false);
        foreach (var fd in fds) _fds.Enqueue(fd);
        if (bytes == 0) throw new VirException(VirErrorCode.SystemError, VirErrorDomain.Rpc, "the daemon closed the connection");
        _end += bytes;
    }

    private static VirException Protocol(string detail) => new(VirErrorCode.Rpc, VirErrorDomain.Rpc, detail);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.Connected)
            {
                using var bye = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await CallAsync<VoidRecord, VoidRecord>(Programs.Remote, (int)RemoteProcedure.ConnectClose, default, bye.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is VirException or IOException or SocketException or OperationCanceledException or XdrException)
        {
            // a courtesy: the daemon cleans up after a closed socket as well
        }
        _socket.Dispose();
        while (_fds.TryDequeue(out var fd)) fd.Dispose();
    }
}
