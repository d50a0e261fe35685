using System.IO.Pipelines;
using System.Net.Sockets;
using Vireo.Rpc.Xdr;

namespace Vireo.Rpc.Server;

/// <summary>
/// The input of one Unix socket client, read by a thread of its own that blocks in poll(2) and hands each
/// chunk to the connection's read loop inline (the pipe's reader runs on the writer's thread). A warm call
/// then costs one wake-up: the kernel wakes this thread, which decodes, dispatches a synchronous handler
/// and writes the reply before sleeping again. Reading through the socket's async API instead costs two
/// (.NET's epoll thread, then a thread-pool worker); on this loaded 2-core machine that second wake-up
/// made whole rounds of calls 5-10 times slower (bench/rpc/README.md). Writes stay asynchronous, so a
/// client that stops reading never blocks this thread or a driver's.
/// </summary>
internal static class SocketReadThread
{
    // Every complete frame must fit below the pause mark, or the reader (waiting for the rest of a
    // frame) and this thread (waiting for the reader to consume) would wait on each other.
    private const long PauseAt = XdrLimits.MaxMessageLength + 4L + (1 << 20);
    private const int SegmentSize = 16 * 1024;
    // poll(2) wakes at once when the socket is shut down; the timeout only bounds how long a thread can
    // outlive a socket that was closed without a shutdown.
    private const int PollMicroseconds = 1_000_000;

    public static PipeReader Start(Socket socket, string threadName)
    {
        var pipe = new Pipe(new PipeOptions(
            readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: PauseAt, resumeWriterThreshold: PauseAt / 2,
            minimumSegmentSize: SegmentSize, useSynchronizationContext: false));
        var thread = new Thread(() => Run(socket, pipe.Writer)) { IsBackground = true, Name = threadName };
        thread.UnsafeStart();
        return pipe.Reader;
    }

    private static void Run(Socket socket, PipeWriter writer)
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                if (!socket.Poll(PollMicroseconds, SelectMode.SelectRead)) continue;
                // poll said readable (data, EOF or an error): this receive does not wait.
                var n = socket.Receive(writer.GetMemory(SegmentSize).Span, SocketFlags.None, out var error);
                if (error is SocketError.WouldBlock or SocketError.Interrupted) continue;
                if (error != SocketError.Success) throw new SocketException((int)error);
                if (n == 0) break;
                writer.Advance(n);
                // Runs the connection's read loop on this thread; waits only when a whole frame is buffered
                // and not yet consumed (backpressure), which a dedicated thread may do.
                var flush = writer.FlushAsync();
                var result = flush.IsCompleted ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
                if (result.IsCompleted) break; // the connection stopped reading
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            failure = e;
        }
        // A socket closed under us is the normal end of a connection that the server ended itself; a reset
        // reaches the read loop as the IOException a stream would have thrown.
        writer.Complete(failure is SocketException s ? new IOException(s.Message, s) : failure as IOException);
    }
}
