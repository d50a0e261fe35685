using System.Runtime.InteropServices;

namespace Vireo.Cli.Infrastructure;

/// <summary>
/// stdout or stderr written with write(2) and nothing else. .NET's console streams initialize the terminal on
/// their first write when stdin is one: they send terminfo's keypad_xmit (ESC [?1h ESC =), which virsh never
/// prints and which switches the user's terminal to application cursor keys, so arrows typed into a guest's
/// console arrive as ESC O A instead of ESC [ A. Like the console streams, this never seeks (so `>> file` and
/// `2>&1` into one file keep every line) and treats a closed pipe (EPIPE) as the end of output.
/// </summary>
internal sealed unsafe partial class FdWriteStream(int fd) : Stream
{
    private const int Eintr = 4;
    private const int Epipe = 32;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var n = WriteFd(fd, start + done, (nint)(buffer.Length - done));
                if (n >= 0) { done += (int)n; continue; }
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Eintr) continue;
                if (errno == Epipe) return;
                throw new IOException($"Writing to file descriptor {fd} failed: {Marshal.GetPInvokeErrorMessage(errno)}.");
            }
        }
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteFd(int fd, byte* buffer, nint count);
}
