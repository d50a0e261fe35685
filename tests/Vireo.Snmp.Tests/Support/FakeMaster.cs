using System.Collections.Concurrent;
using System.Net.Sockets;
using Vireo.Snmp.AgentX;
using Vireo.Snmp.Session;

namespace Vireo.Snmp.Tests.Support;

/// <summary>
/// A scripted AgentX master on a Unix socket, written with our codec: it accepts a subagent, answers
/// its Open/Register/Notify/Ping/Close, and lets a test send Get/GetNext/GetBulk/Set PDUs — including
/// GetBulk and UndoSet, which net-snmp's master never sends — or raw bytes.
/// </summary>
public sealed class FakeMaster : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _cts = new();
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<ResponsePdu>> _pending = new();
    private AgentXConnection? _conn;
    private Stream? _stream;
    private uint _nextPacket = 1000;
    private uint _nextTransaction;
    private uint _nextSession = 41;

    public FakeMaster(string path)
    {
        Path = path;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(4);
    }

    public string Path { get; }
    public uint SessionId { get; private set; }
    public ConcurrentQueue<RegisterPdu> Registrations { get; } = new();
    public ConcurrentQueue<NotifyPdu> Notifications { get; } = new();
    public ConcurrentQueue<OpenPdu> Opens { get; } = new();
    public ConcurrentQueue<ClosePdu> Closes { get; } = new();
    public ConcurrentQueue<Pdu> StrayResponses { get; } = new();
    public SemaphoreSlim Registered { get; } = new(0);
    public SemaphoreSlim Notified { get; } = new(0);
    public SemaphoreSlim ClosedBySubagent { get; } = new(0);

    /// <summary>Accepts the subagent's connection and serves its administrative PDUs in the background.</summary>
    public async Task AcceptAsync(CancellationToken ct)
    {
        var s = await _listener.AcceptAsync(ct);
        _stream = new NetworkStream(s, ownsSocket: true);
        _conn = new AgentXConnection(_stream);
        _ = ReadLoopAsync(_conn, _cts.Token);
    }

    private async Task ReadLoopAsync(AgentXConnection conn, CancellationToken ct)
    {
        try
        {
            while (await conn.ReadAsync(ct) is { } frame)
            {
                if (frame.Pdu is null) continue;
                var pdu = frame.Pdu;
                switch (pdu)
                {
                    case ResponsePdu r:
                        if (_pending.TryRemove(r.Header.PacketId, out var tcs)) tcs.TrySetResult(r);
                        else StrayResponses.Enqueue(r);
                        break;
                    case OpenPdu o:
                        Opens.Enqueue(o);
                        SessionId = ++_nextSession;
                        await conn.SendAsync(new ResponsePdu(new PduHeader(SessionId, 0, o.Header.PacketId), 0, AgentXError.NoError, 0, []), ct);
                        break;
                    case RegisterPdu reg:
                        Registrations.Enqueue(reg);
                        await conn.SendAsync(ResponsePdu.To(reg, 0, varBinds: [VarBind.Null(reg.Subtree)]), ct);
                        Registered.Release();
                        break;
                    case NotifyPdu n:
                        Notifications.Enqueue(n);
                        await conn.SendAsync(ResponsePdu.To(n, 0, varBinds: n.VarBinds), ct);
                        Notified.Release();
                        break;
                    case PingPdu p:
                        await conn.SendAsync(ResponsePdu.To(p, 0), ct);
                        break;
                    case ClosePdu c:
                        Closes.Enqueue(c);
                        await conn.SendAsync(ResponsePdu.To(c, 0), ct);
                        ClosedBySubagent.Release();
                        break;
                }
            }
        }
        catch (Exception) when (ct.IsCancellationRequested) { }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    /// <summary>Sends a master request built on a fresh transaction/packet ID and awaits its Response.</summary>
    public Task<ResponsePdu> RequestAsync(Func<PduHeader, Pdu> build, CancellationToken ct, uint? transactionId = null)
    {
        var header = new PduHeader(SessionId, transactionId ?? ++_nextTransaction, ++_nextPacket);
        return SendAndAwaitAsync(build(header), ct);
    }

    public uint NewTransaction() => ++_nextTransaction;

    private async Task<ResponsePdu> SendAndAwaitAsync(Pdu pdu, CancellationToken ct)
    {
        var tcs = new TaskCompletionSource<ResponsePdu>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[pdu.Header.PacketId] = tcs;
        await _conn!.SendAsync(pdu, ct);
        return await tcs.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }

    /// <summary>Sends a PDU that expects no Response (CleanupSet).</summary>
    public Task SendAsync(Func<PduHeader, Pdu> build, uint transactionId, CancellationToken ct) =>
        _conn!.SendAsync(build(new PduHeader(SessionId, transactionId, ++_nextPacket)), ct);

    /// <summary>Sends bytes as they are, and awaits a Response to packetId.</summary>
    public async Task<ResponsePdu> SendRawAsync(byte[] frame, uint packetId, CancellationToken ct)
    {
        var tcs = new TaskCompletionSource<ResponsePdu>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[packetId] = tcs;
        await _stream!.WriteAsync(frame, ct);
        return await tcs.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }

    /// <summary>Drops the connection the way a dying snmpd does: no Close PDU.</summary>
    public async Task DropAsync()
    {
        if (_conn is not null) await _conn.DisposeAsync();
        _conn = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        if (_conn is not null) await _conn.DisposeAsync();
        _listener.Dispose();
        File.Delete(Path);
    }
}
