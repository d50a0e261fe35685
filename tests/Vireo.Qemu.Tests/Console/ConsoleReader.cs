using System.Text;
using Vireo.Drivers.Contracts;

namespace Vireo.Qemu.Tests.Console;

/// <summary>Reads a console session into a growing text until a marker shows up or the console ends.</summary>
internal sealed class ConsoleReader(IConsoleSession session)
{
    private readonly StringBuilder _text = new();

    public string Text => _text.ToString();
    public bool Ended { get; private set; }

    /// <summary>Reads until <paramref name="marker"/> appears after <paramref name="from"/>; returns its index. Bounded by the timeout.</summary>
    public async Task<int> WaitForAsync(string marker, TimeSpan timeout, CancellationToken ct, int from = 0)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        while (true)
        {
            int at = Text.IndexOf(marker, Math.Min(from, _text.Length), StringComparison.Ordinal);
            if (at >= 0)
                return at;
            if (Ended)
                throw new Xunit.Sdk.XunitException($"The console ended before '{marker}' appeared. It showed:\n{Text}");
            ReadOnlyMemory<byte> chunk;
            try
            {
                chunk = await session.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"'{marker}' did not appear within {timeout.TotalSeconds} s. The console showed:\n{Text}");
            }
            if (chunk.IsEmpty)
                Ended = true;
            else
                _text.Append(Encoding.Latin1.GetString(chunk.Span));
        }
    }

    /// <summary>Reads until the console ends.</summary>
    public async Task ReadToEndAsync(CancellationToken ct)
    {
        while (!Ended)
        {
            var chunk = await session.ReadAsync(ct);
            if (chunk.IsEmpty)
                Ended = true;
            else
                _text.Append(Encoding.Latin1.GetString(chunk.Span));
        }
    }
}
