using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Vireo.Cli.Tests.Support;

/// <summary>
/// A program whose stdin we write and whose output we read as it comes (a console session through a pipe):
/// wait for a pattern with a deadline, type, and collect the exit status.
/// </summary>
public sealed partial class InteractiveProcess : IAsyncDisposable
{
    private readonly Process _p;
    private readonly StringBuilder _out = new();
    private readonly Lock _gate = new();
    private readonly Task _pumpOut;
    private readonly Task _pumpErr;

    private InteractiveProcess(Process p)
    {
        _p = p;
        _pumpOut = PumpAsync(p.StandardOutput.BaseStream);
        _pumpErr = PumpAsync(p.StandardError.BaseStream);
    }

    public static InteractiveProcess Start(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null)
    {
        var psi = Run.StartInfo(program, args, env);
        return new InteractiveProcess(Process.Start(psi)!);
    }

    public int Pid => _p.Id;

    /// <summary>Everything printed so far (stdout and stderr interleaved as read), ANSI escapes removed.</summary>
    public string Text
    {
        get { lock (_gate) return Ansi().Replace(_out.ToString(), ""); }
    }

    private async Task PumpAsync(Stream s)
    {
        var buffer = new byte[8192];
        var decoder = Encoding.UTF8.GetDecoder();
        int n;
        while ((n = await s.ReadAsync(buffer)) > 0)
        {
            var chars = new char[decoder.GetCharCount(buffer, 0, n)];
            decoder.GetChars(buffer, 0, n, chars, 0);
            lock (_gate) _out.Append(chars);
        }
    }

    public async Task<Match> WaitForAsync(Regex pattern, TimeSpan timeout, int from = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var text = Text;
            var m = pattern.Match(text, Math.Min(from, text.Length));
            if (m.Success) return m;
            if (_p.HasExited && _pumpOut.IsCompleted && _pumpErr.IsCompleted)
                Assert.Fail($"The program ended (exit {_p.ExitCode}) without printing /{pattern}/. Output:\n{Tail(Text)}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"No /{pattern}/ within {timeout.TotalSeconds:0} s. Output:\n{Tail(text)}");
            await Task.Delay(20);
        }
    }

    public Task<Match> WaitForAsync(string literal, TimeSpan timeout, int from = 0) =>
        WaitForAsync(new Regex(Regex.Escape(literal)), timeout, from);

    public async Task TypeAsync(string text)
    {
        await _p.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _p.StandardInput.BaseStream.FlushAsync();
    }

    /// <summary>Ctrl-], the console's escape character.</summary>
    public Task DetachAsync() => TypeAsync("\x1d");

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The program did not exit within {timeout.TotalSeconds:0} s. Output:\n{Tail(Text)}");
        }
        await Task.WhenAll(_pumpOut, _pumpErr);
        return _p.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_p.HasExited)
        {
            _p.Kill();
            await _p.WaitForExitAsync();
        }
        _p.Dispose();
    }

    private static string Tail(string s) => s.Length > 2000 ? s[^2000..] : s;

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|c|\][^\x07]*\x07)")]
    private static partial Regex Ansi();
}
