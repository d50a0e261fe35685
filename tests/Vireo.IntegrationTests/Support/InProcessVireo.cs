using System.Text;
using Vireo.Cli;
using Vireo.Cli.Infrastructure;

namespace Vireo.IntegrationTests.Support;

/// <summary>vireo's own entry point, run in this process (no build of the CLI binary needed), against a URI.</summary>
internal static class InProcessVireo
{
    /// <summary>vireo -c URI ARGS with the given text on its standard input (not a terminal).</summary>
    public static async Task<ProgramResult> RunAsync(string uri, string input, params string[] args)
    {
        var output = new MemoryStream();
        var error = new MemoryStream();
        var io = new CliIo(new MemoryStream(Encoding.UTF8.GetBytes(input)), output, error, inputIsTerminal: false);
        var code = await CliApp.RunAsync(["-c", uri, .. args], io, _ => null);
        return new ProgramResult(code, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()));
    }

    /// <summary>vireo with empty input, failing the test with its output unless it succeeds; returns what it printed.</summary>
    public static async Task<string> OkAsync(string uri, params string[] args)
    {
        var r = await RunAsync(uri, "", args);
        Assert.True(r.ExitCode == 0, $"vireo {string.Join(' ', args)}: {r}");
        return r.Stdout;
    }

    /// <summary>vireo -c URI ARGS running in the background (an event loop) until it ends or <paramref name="stop"/> is cancelled.</summary>
    public static RunningVireo Start(string uri, CancellationToken stop, params string[] args)
    {
        var output = new SharedOutput();
        var error = new SharedOutput();
        var io = new CliIo(new MemoryStream(), output, error, inputIsTerminal: false);
        return new RunningVireo(Task.Run(() => CliApp.RunAsync(["-c", uri, .. args], io, _ => null, stop)), output, error);
    }
}

/// <summary>A vireo run in progress: what it has printed so far, and its exit code when done.</summary>
internal sealed record RunningVireo(Task<int> Exit, SharedOutput Stdout, SharedOutput Stderr);

/// <summary>Output written by one thread and read by another while it runs.</summary>
internal sealed class SharedOutput : Stream
{
    private readonly MemoryStream _bytes = new();

    public string Text
    {
        get { lock (_bytes) return Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length); }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (_bytes) _bytes.Write(buffer, offset, count);
    }

    public override void Flush() { }
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
