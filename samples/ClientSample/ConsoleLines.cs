using System.Text;
using Vireo.Client;

namespace ClientSample;

/// <summary>
/// A console stream read as text lines. The guest's serial port sends "\r\n"; kernel messages and the
/// shell prompt arrive in arbitrary chunks, so bytes are decoded as UTF-8 across reads and split at '\n'.
/// </summary>
public sealed class ConsoleLines(VirConsoleStream console)
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _pending = new();
    private readonly byte[] _buffer = new byte[4096];

    // <snippet:read-lines>
    /// <summary>Reads until a whole line matches; returns that line (without "\r\n").</summary>
    public async Task<string> ReadUntilAsync(Func<string, bool> match, CancellationToken ct)
    {
        while (true)
        {
            var text = _pending.ToString();
            int newline;
            while ((newline = text.IndexOf('\n', StringComparison.Ordinal)) >= 0)
            {
                var line = text[..newline].TrimEnd('\r');
                text = text[(newline + 1)..];
                _pending.Clear().Append(text);
                if (match(line)) return line;
            }
            var n = await console.ReadAsync(_buffer, ct); // 0: the console ended (the guest stopped)
            if (n == 0) throw new EndOfStreamException("the console ended before the expected line");
            var chars = new char[_decoder.GetCharCount(_buffer, 0, n)];
            _decoder.GetChars(_buffer, 0, n, chars, 0);
            _pending.Append(chars);
        }
    }
    // </snippet>
}
