using System.Text;
using System.Text.RegularExpressions;
using Vireo.Drivers.Contracts;

namespace Vireo.IntegrationTests.Support;

/// <summary>
/// Reads a console session in the background into text (ANSI escapes removed, as qemu-probe advises),
/// and waits for patterns with a deadline. Disposing detaches the session only.
/// </summary>
internal sealed partial class ConsoleReader : IAsyncDisposable
{
    public static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(3);

    private readonly IConsoleSession _session;
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private int _commands;

    public ConsoleReader(IConsoleSession session)
    {
        _session = session;
        _pump = Task.Run(PumpAsync);
    }

    public bool Ended { get; private set; }

    public string Text
    {
        get { lock (_gate) return _text.ToString(); }
    }

    public int Length
    {
        get { lock (_gate) return _text.Length; }
    }

    private async Task PumpAsync()
    {
        var decoder = Encoding.UTF8.GetDecoder();
        try
        {
            while (true)
            {
                var chunk = await _session.ReadAsync(_stop.Token);
                if (chunk.IsEmpty) break;
                var chars = new char[decoder.GetCharCount(chunk.Span, flush: false)];
                decoder.GetChars(chunk.Span, chars, flush: false);
                var clean = Ansi().Replace(new string(chars), "");
                lock (_gate) _text.Append(clean);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Vireo.Core.Errors.VirException)
        {
        }
        catch (ObjectDisposedException)
        {
            // the session was closed under the read: the console has ended for this reader
        }
        Ended = true;
    }

    public async Task<Match> WaitForAsync(Regex pattern, int from, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            string text;
            lock (_gate) text = _text.ToString();
            var m = pattern.Match(text, Math.Min(from, text.Length));
            if (m.Success) return m;
            if (DateTime.UtcNow > deadline || Ended && !pattern.IsMatch(Text, Math.Min(from, Text.Length)))
                Assert.Fail($"The console did not show /{pattern}/ within {timeout.TotalSeconds:0} s{(Ended ? " (the console ended)" : "")}. Last output:\n{Tail(text)}");
            await Task.Delay(20);
        }
    }

    public Task<Match> WaitForAsync(string literal, int from, TimeSpan timeout) => WaitForAsync(new Regex(Regex.Escape(literal)), from, timeout);

    /// <summary>Waits for the marker after <paramref name="from"/> and then the prompt.</summary>
    public async Task WaitUntilReadyAsync(int from = 0)
    {
        var marker = await WaitForAsync(DemoKit.MarkerLine(), from, BootTimeout);
        await WaitForAsync(DemoKit.Prompt, marker.Index, BootTimeout);
    }

    public Task TypeAsync(string text) => _session.WriteAsync(Encoding.UTF8.GetBytes(text), CancellationToken.None).AsTask();

    /// <summary>Runs a shell command on the console and returns its output (the markers are quoted so the echo never matches).</summary>
    public async Task<string> RunAsync(string command)
    {
        var timeout = TimeSpan.FromSeconds(60);
        var output = await TryRunAsync(command, timeout);
        if (output is null)
            Assert.Fail($"The console did not show the output of '{command}' between its markers within {timeout.TotalSeconds:0} s{(Ended ? " (the console ended)" : "")}. Last output:\n{Tail(Text)}");
        return output;
    }

    /// <summary>
    /// Runs a shell command and returns its output, or null if its end marker did not show in time (the caller
    /// may retry). The kernel writes its messages straight to the serial port, so one can land anywhere in
    /// the shell's output, even inside a marker; when the markers do not match as printed they are matched
    /// again with the kernel's lines cut out (which restores the shell's text around them).
    /// </summary>
    public async Task<string?> TryRunAsync(string command, TimeSpan timeout)
    {
        int n = Interlocked.Increment(ref _commands) + Random.Shared.Next(1000, 9999) * 100;
        int since = Length;
        await TypeAsync($"echo __B\"\"EGIN{n}__; {command}; echo __E\"\"ND{n}__\n");
        var markers = new Regex($@"__BEGIN{n}__\r?\n(?<out>.*?)__END{n}__", RegexOptions.Singleline);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            string text;
            lock (_gate) text = _text.ToString(since, _text.Length - since);
            var m = markers.Match(text);
            if (!m.Success) m = markers.Match(WithoutKernelMessages(text));
            if (m.Success) return m.Groups["out"].Value.Replace("\r", "");
            if (Ended || DateTime.UtcNow > deadline) return null;
            await Task.Delay(20);
        }
    }

    /// <summary>Lowers the console log level so the kernel's messages (hot-plug, link changes) stay in dmesg, off the console.</summary>
    public Task QuietKernelAsync() => RunAsync("dmesg -n 1");

    /// <summary>The text with every kernel console line ("[   11.810895] ...\r\n") cut out.</summary>
    public static string WithoutKernelMessages(string text) => KernelMessage().Replace(text, "");

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _pump;
        await _session.DisposeAsync();
    }

    private static string Tail(string s) => s.Length > 1500 ? s[^1500..] : s;

    [GeneratedRegex(@"\[ *\d+\.\d{6}\] [^\n]*\n")]
    private static partial Regex KernelMessage();

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|c|\][^\x07]*\x07)")]
    private static partial Regex Ansi();
}
