using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vireo.Drivers.Contracts;
using Vireo.Rpc.Framing;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Server;

/// <summary>
/// One client of the server: reads frames, dispatches calls, and writes replies, events, keepalives and
/// stream data: directly when the output is idle, else through one bounded queue drained by a single
/// writer (one flush per batch). Calls that
/// complete at once are answered from the read loop; calls that wait (jobs, QEMU) finish on their own and
/// reply by serial, so reads never queue behind a job. A malformed frame or a client that stops reading
/// ends this connection only.
/// </summary>
public sealed partial class RpcConnection
{
    private readonly RpcServer _server;
    private readonly IDuplexPipe _transport;
    private readonly Channel<OutgoingMessage> _outgoing;
    private readonly SemaphoreSlim _outputGate = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly ILogger _log;
    private volatile IHypervisorDriver? _driver;
    private volatile bool _authenticated;
    private int _closed;

    internal RpcConnection(RpcServer server, IDuplexPipe transport, ConnectionInfo info, long id)
    {
        _server = server;
        _transport = transport;
        Info = info;
        Id = id;
        _log = server.Logger;
        _outgoing = Channel.CreateBounded<OutgoingMessage>(new BoundedChannelOptions(server.Options.MaxQueuedMessages)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public long Id { get; }
    public ConnectionInfo Info { get; }
    public RpcServer Server => _server;

    /// <summary>The driver CONNECT_OPEN bound this connection to; null before.</summary>
    public IHypervisorDriver? Driver => _driver;

    /// <summary>The name given to CONNECT_OPEN ("" for the default URI).</summary>
    public string? OpenedUri { get; private set; }

    /// <summary>Opened with VIR_CONNECT_RO or through a read-only socket.</summary>
    public bool IsReadOnly { get; private set; }

    public bool IsAuthenticated => _authenticated;
    public bool CloseCallbackRegistered { get; internal set; }

    /// <summary>Cancelled when the connection ends.</summary>
    public CancellationToken Closing => _closing.Token;

    internal void MarkAuthenticated() => _authenticated = true;

    internal void Open(IHypervisorDriver driver, string? uri, bool readOnly)
    {
        if (_driver is not null) throw RpcErrors.AlreadyOpen();
        OpenedUri = uri ?? "";
        IsReadOnly = readOnly || Info.ReadOnlySocket;
        _driver = driver;
    }

    /// <summary>Serves the client until it disconnects, sends garbage, stops reading, or the server stops.</summary>
    internal async Task RunAsync(CancellationToken serverStopping)
    {
        using var link = serverStopping.Register(() => Abort("server shutting down"));
        var writer = Task.Run(WriteLoopAsync);
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (MalformedFrameException e)
        {
            _log.LogWarning("connection {Id} ({Peer}): {Reason}; closing it", Id, Info.Description, e.Message);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _log.LogDebug(e, "connection {Id} transport ended", Id);
        }
        finally
        {
            Abort(null);
            try { await writer.ConfigureAwait(false); }
            catch (Exception e) { _log.LogDebug(e, "connection {Id} writer ended", Id); }
            await CleanupAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync()
    {
        var input = _transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(_closing.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (FrameReader.TryReadFrame(ref buffer, out var frame))
                {
                    NoteTraffic();
                    HandleFrame(frame);
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
            if (result.IsCompleted || result.IsCanceled) return;
        }
    }

    private async Task WriteLoopAsync()
    {
        var output = _transport.Output;
        var reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
            {
                await _outputGate.WaitAsync(_closing.Token).ConfigureAwait(false);
                try
                {
                    while (reader.TryRead(out var msg))
                    {
                        output.Write(msg.Span);
                        msg.Release();
                    }
                    var flushed = await output.FlushAsync(_closing.Token).ConfigureAwait(false);
                    if (flushed.IsCompleted) break;
                }
                finally
                {
                    _outputGate.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _log.LogDebug(e, "connection {Id}: write failed", Id);
        }
        finally
        {
            Abort(null);
            while (reader.TryRead(out var left)) left.Release();
            // Wait for an inline flush still in progress before completing the writer.
            await _outputGate.WaitAsync().ConfigureAwait(false);
            await output.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Queues a message for the client. Never waits: if the queue is full the client has stopped reading
    /// and is dropped, so no driver thread or event publisher is ever held up by it.
    /// </summary>
    internal bool Send(OutgoingMessage msg)
    {
        if (_closed != 0)
        {
            msg.Release();
            return false;
        }
        // Fast path: nothing queued and nobody writing, so write and flush right here (usually completes
        // synchronously), saving the hop to the writer task on every reply. Order is kept: the gate is held
        // and the queue checked empty under it.
        if (_outgoing.Reader.Count == 0 && _outputGate.Wait(0))
        {
            if (_outgoing.Reader.Count == 0)
            {
                WriteInline(msg);
                return true;
            }
            _outputGate.Release();
        }
        if (_outgoing.Writer.TryWrite(msg)) return true;
        msg.Release();
        if (_closed == 0)
        {
            _log.LogWarning("connection {Id} ({Peer}) stopped reading ({Max} messages queued); dropping it",
                Id, Info.Description, _server.Options.MaxQueuedMessages);
            Abort("outgoing queue full");
        }
        return false;
    }

    /// <summary>Writes one message with the output gate held; releases the gate once the flush is done.</summary>
    private void WriteInline(OutgoingMessage msg)
    {
        ValueTask<FlushResult> flush;
        try
        {
            _transport.Output.Write(msg.Span);
            flush = _transport.Output.FlushAsync(_closing.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            _outputGate.Release();
            Abort("write failed: " + e.Message);
            return;
        }
        finally
        {
            msg.Release();
        }
        if (flush.IsCompletedSuccessfully)
        {
            var done = flush.Result.IsCompleted;
            _outputGate.Release();
            if (done) Abort(null);
            return;
        }
        _ = FinishFlushAsync(flush);
    }

    private async Task FinishFlushAsync(ValueTask<FlushResult> flush)
    {
        try
        {
            if ((await flush.ConfigureAwait(false)).IsCompleted) Abort(null);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            Abort("write failed: " + e.Message);
        }
        finally
        {
            _outputGate.Release();
        }
    }

    /// <summary>Ends the connection (idempotent). Reason null: normal end.</summary>
    public void Abort(string? reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        if (reason is not null) _log.LogInformation("connection {Id} ({Peer}) closing: {Reason}", Id, Info.Description, reason);
        _outgoing.Writer.TryComplete();
        try { _closing.Cancel(); }
        catch (ObjectDisposedException) { }
        _transport.Input.CancelPendingRead();
    }

    private async Task CleanupAsync()
    {
        await DisposeStreamsAsync().ConfigureAwait(false);
        DisposeEvents();
        await _transport.Input.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Copies a payload that spans buffer segments into one array (rare: most calls fit a segment).</summary>
    private static ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> payload, ref byte[]? rented)
    {
        if (payload.IsSingleSegment) return payload.FirstSpan;
        rented = ArrayPool<byte>.Shared.Rent((int)payload.Length);
        payload.CopyTo(rented);
        return rented.AsSpan(0, (int)payload.Length);
    }
}
