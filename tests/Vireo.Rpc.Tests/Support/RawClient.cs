using System.Buffers;
using System.IO.Pipelines;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Protocol;
using Vireo.Rpc.Protocol.Records;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Tests.Support;

/// <summary>A byte-level client for probing the server: sends whatever it is given and reads frames back.</summary>
public sealed class RawClient : IAsyncDisposable
{
    private readonly IDuplexPipe _pipe;
    private uint _serial;

    public RawClient(IDuplexPipe pipe) => _pipe = pipe;

    public sealed record Received(MessageHeader Header, byte[] Payload)
    {
        public RemoteError Error()
        {
            var r = new XdrReader(Payload);
            return RemoteError.Decode(ref r);
        }

        public T Decode<T>() where T : IXdrRecord<T>
        {
            var r = new XdrReader(Payload);
            return T.Decode(ref r);
        }
    }

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        await _pipe.Output.WriteAsync(bytes);
    }

    /// <summary>Sends a call and returns its serial.</summary>
    public async Task<uint> SendCallAsync<T>(RemoteProcedure proc, T args, uint? serial = null, uint prog = Programs.Remote, uint vers = 1)
        where T : IXdrEncodable
    {
        var s = serial ?? _serial++;
        var msg = MessageBuilder.Build(new MessageHeader(prog, vers, (int)proc, MessageType.Call, s, MessageStatus.Ok), args);
        await SendRawAsync(msg.Memory.ToArray());
        msg.Release();
        return s;
    }

    public Task<uint> SendCallAsync(RemoteProcedure proc) => SendCallAsync(proc, default(VoidRecord));

    /// <summary>Calls and waits for the reply with the same serial (other messages are skipped).</summary>
    public async Task<Received> CallAsync<T>(RemoteProcedure proc, T args) where T : IXdrEncodable
    {
        var serial = await SendCallAsync(proc, args);
        while (true)
        {
            var m = await ReadAsync() ?? throw new IOException($"connection closed while waiting for the reply to {proc}");
            if (m.Header.Type == MessageType.Reply && m.Header.Serial == serial) return m;
        }
    }

    public Task<Received> CallAsync(RemoteProcedure proc) => CallAsync(proc, default(VoidRecord));

    /// <summary>AUTH_LIST + CONNECT_OPEN, as python-libvirt does.</summary>
    public async Task OpenAsync(string uri = "test:///default", uint flags = 0)
    {
        await CallAsync(RemoteProcedure.AuthList);
        var r = await CallAsync(RemoteProcedure.ConnectOpen, new ConnectOpenArgs(uri, flags));
        if (r.Header.Status != MessageStatus.Ok) throw new InvalidOperationException("open failed: " + r.Error().Message);
    }

    /// <summary>The next frame, or null when the server closed the connection. Bounded by a timeout (not a timing assertion: a hang fails).</summary>
    public async Task<Received?> ReadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var input = _pipe.Input;
        while (true)
        {
            ReadResult result;
            try { result = await input.ReadAsync(cts.Token); }
            catch (OperationCanceledException) { throw new TimeoutException("no message from the server"); }
            var buffer = result.Buffer;
            if (FrameReader.TryReadFrame(ref buffer, out var frame))
            {
                var got = new Received(frame.Header, frame.Payload.ToArray());
                input.AdvanceTo(buffer.Start);
                return got;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) return null;
        }
    }

    /// <summary>Reads until the server closes; returns what arrived meanwhile.</summary>
    public async Task<List<Received>> ReadUntilClosedAsync(TimeSpan? timeout = null)
    {
        var all = new List<Received>();
        while (await ReadAsync(timeout) is { } m) all.Add(m);
        return all;
    }

    /// <summary>Hangs up the sending side (the server sees end of file).</summary>
    public ValueTask CloseOutputAsync() => _pipe.Output.CompleteAsync();

    public async ValueTask DisposeAsync()
    {
        await _pipe.Output.CompleteAsync();
        await _pipe.Input.CompleteAsync();
    }
}
