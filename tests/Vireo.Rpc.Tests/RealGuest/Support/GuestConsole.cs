using System.Text;
using System.Text.RegularExpressions;
using Vireo.Drivers.Contracts;

namespace Vireo.Rpc.Tests.RealGuest.Support;

/// <summary>
/// The guest's serial console read in the background from power-on (through the driver, not the
/// protocol under test), so tests can wait until the guest is at its prompt after a boot.
/// </summary>
public sealed partial class GuestConsole : IAsyncDisposable
{
    private readonly IConsoleSession _session;
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public GuestConsole(IConsoleSession session)
    {
        _session = session;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>The session ended: the guest stopped.</summary>
    public bool Ended { get; private set; }

    public int Length
    {
        get { lock (_gate) return _text.Length; }
    }

    private string Text
    {
        get { lock (_gate) return _text.ToString(); }
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
                lock (_gate) _text.Append(chars);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or Core.Errors.VirException or IOException)
        {
            // detached, or the guest went away: the console has ended for this reader
        }
        Ended = true;
    }

    /// <summary>Types a line at the guest's shell (the console is the guest's serial shell once booted).</summary>
    public ValueTask SendLineAsync(string line) => _session.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), _stop.Token);

    /// <summary>Waits until the boot marker appears after <paramref name="from"/>.</summary>
    public Task WaitUntilBootedAsync(int from) => WaitForAsync(Marker(), from, BootTimeout);

    public static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(4);

    public async Task WaitForAsync(Regex pattern, int from, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var text = Text;
            if (pattern.IsMatch(text, Math.Min(from, text.Length))) return;
            if (Ended || DateTime.UtcNow > deadline)
            {
                var tail = text.Length > 1500 ? text[^1500..] : text;
                throw new Xunit.Sdk.XunitException(
                    $"The guest console did not show /{pattern}/ within {timeout.TotalSeconds:0} s{(Ended ? " (the console ended)" : "")}. Last output:\n{tail}");
            }
            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"VIREO-GUEST-READY uptime=[0-9.]+")]
    private static partial Regex Marker();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _session.DisposeAsync();
        try { await _pump; }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
