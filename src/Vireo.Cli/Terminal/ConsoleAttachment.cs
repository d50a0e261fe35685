using System.Runtime.InteropServices;
using Vireo.Client;

namespace Vireo.Cli.Terminal;

/// <summary>How a console attachment ended.</summary>
public enum ConsoleEnd
{
    /// <summary>The user typed the escape character (Ctrl-]) or the process was asked to stop.</summary>
    Detached,

    /// <summary>The daemon ended the stream: the guest stopped (or the connection went away).</summary>
    ConsoleClosed,
}

/// <summary>
/// Copies a console stream to the output and the input to the console until the escape byte, a signal, or the end
/// of the console. A terminal is put in raw mode for the duration; piped input is copied as is (its end does not
/// detach: the guest's output keeps coming until the escape byte arrives or the console ends).
/// </summary>
public static class ConsoleAttachment
{
    public static async Task<ConsoleEnd> RunAsync(VirConsoleStream console, Stream input, bool inputIsTerminal, Stream output, byte escape, CancellationToken ct)
    {
        using var detach = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var term = inputIsTerminal ? RawTerminal.Enter(0) : null;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; detach.Cancel(); });
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => { c.Cancel = true; detach.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; detach.Cancel(); });

        var fromGuest = CopyOutputAsync(console, output, detach.Token);
        var toGuest = CopyInputAsync(input, console, escape, detach.Token);
        var first = await Task.WhenAny(fromGuest, toGuest).ConfigureAwait(false);
        // Input that ended (or failed) does not detach: the guest's output goes on until the console ends or a signal.
        if (first == toGuest && !(toGuest.IsCompletedSuccessfully && toGuest.Result == InputEnd.Escape))
            first = await Task.WhenAny(fromGuest, Task.Delay(Timeout.Infinite, detach.Token)).ConfigureAwait(false);

        var end = first == fromGuest && fromGuest.IsCompletedSuccessfully ? ConsoleEnd.ConsoleClosed : ConsoleEnd.Detached;
        await detach.CancelAsync().ConfigureAwait(false);
        // Finish the stream either way (after the daemon's end-of-stream too, as virsh does), so that
        // disposing it later has nothing left to wait for.
        {
            using var finish = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await console.FinishAsync(finish.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is Core.Errors.VirException or IOException or OperationCanceledException) { }
        }
        try { await fromGuest.ConfigureAwait(false); }
        catch (Exception e) when (e is OperationCanceledException or Core.Errors.VirException or IOException) { }
        return end;
    }

    private enum InputEnd { Escape, EndOfInput }

    private static async Task CopyOutputAsync(VirConsoleStream console, Stream output, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var n = await console.ReadAsync(buffer, ct).ConfigureAwait(false);
            if (n == 0) return;
            await output.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    private static async Task<InputEnd> CopyInputAsync(Stream input, VirConsoleStream console, byte escape, CancellationToken ct)
    {
        var buffer = new byte[4096];
        while (true)
        {
            // A blocking read of stdin cannot always be cancelled; WaitAsync lets the attachment end without it.
            var n = await input.ReadAsync(buffer, ct).AsTask().WaitAsync(ct).ConfigureAwait(false);
            if (n == 0) return InputEnd.EndOfInput;
            var esc = Array.IndexOf(buffer, escape, 0, n);
            var send = esc >= 0 ? esc : n;
            if (send > 0) await console.WriteAsync(buffer.AsMemory(0, send), ct).ConfigureAwait(false);
            if (esc >= 0) return InputEnd.Escape;
        }
    }
}
