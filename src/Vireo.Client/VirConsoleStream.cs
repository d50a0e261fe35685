using Vireo.Rpc.Client;

namespace Vireo.Client;

/// <summary>
/// A domain console as a <see cref="Stream"/>: Read returns guest output (0 when the console ends, e.g. the
/// domain stopped), Write sends keystrokes. Dispose finishes the stream as virsh does on Ctrl-];
/// <see cref="AbortAsync"/> aborts it instead.
/// </summary>
public sealed class VirConsoleStream : Stream
{
    private readonly RpcClientStream _stream;
    private bool _done;

    internal VirConsoleStream(RpcClientStream stream) => _stream = stream;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _stream.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _stream.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _stream.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _stream.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Ends the stream: the daemon confirms and detaches from the console.</summary>
    public async Task FinishAsync(CancellationToken ct = default)
    {
        if (_done) return;
        _done = true;
        await _stream.FinishAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Aborts the stream instead of finishing it (the daemon drops it without confirming data).</summary>
    public async Task AbortAsync(CancellationToken ct = default)
    {
        if (_done) return;
        _done = true;
        await _stream.AbortAsync(ct).ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        try { await FinishAsync().ConfigureAwait(false); }
        catch (Exception e) when (e is Core.Errors.VirException or IOException or OperationCanceledException) { }
        await base.DisposeAsync().ConfigureAwait(false);
    }

    // Synchronous members exist only because Stream requires them.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override void Flush() { }
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
