using System.Text;
using System.Text.RegularExpressions;

namespace Vireo.GuestKit.Tests;

/// <summary>
/// Everything a guest printed on its serial port so far. Waiters are woken by each append
/// (no polling), and fail fast when the stream ends because QEMU exited.
/// </summary>
public sealed class ConsoleBuffer
{
    private readonly object _gate = new();
    private readonly StringBuilder _text = new();
    private TaskCompletionSource _changed = NewSignal();
    private bool _closed;

    public string Text
    {
        get { lock (_gate) { return _text.ToString(); } }
    }

    public int Length
    {
        get { lock (_gate) { return _text.Length; } }
    }

    public void Append(string chunk)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _text.Append(chunk);
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    /// <summary>The serial stream ended (QEMU exited or closed it).</summary>
    public void Close()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _closed = true;
            changed = _changed;
        }

        changed.TrySetResult();
    }

    /// <summary>Waits until <paramref name="pattern"/> matches the text from offset <paramref name="since"/> on.</summary>
    public async Task<Match> WaitForAsync(Regex pattern, int since, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            string text;
            bool closed;
            lock (_gate)
            {
                changed = _changed.Task;
                text = _text.ToString();
                closed = _closed;
            }

            var match = pattern.Match(text, Math.Min(since, text.Length));
            if (match.Success)
            {
                return match;
            }

            if (closed)
            {
                throw new InvalidOperationException(
                    $"The guest's console closed (QEMU exited) before /{pattern}/ appeared. Last output:\n{Tail(text)}");
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"/{pattern}/ did not appear on the guest's console within {timeout.TotalSeconds:0} s. Last output:\n{Tail(Text)}");
            }
        }
    }

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
