using System.Text;

namespace Vireo.Cli.Infrastructure;

/// <summary>
/// The standard streams of one run: the real ones for the program, pipes or memory for in-process tests.
/// Console output (guest bytes) goes to <see cref="OutputStream"/>; text goes through <see cref="Out"/>,
/// which writes to the same stream.
/// </summary>
public sealed class CliIo
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public CliIo(Stream input, Stream output, Stream error, bool inputIsTerminal)
    {
        Input = input;
        OutputStream = output;
        InputIsTerminal = inputIsTerminal;
        Out = new StreamWriter(output, Utf8, 4096, leaveOpen: true) { AutoFlush = true, NewLine = "\n" };
        Error = new StreamWriter(error, Utf8, 1024, leaveOpen: true) { AutoFlush = true, NewLine = "\n" };
    }

    public Stream Input { get; }
    public Stream OutputStream { get; }
    public TextWriter Out { get; }
    public TextWriter Error { get; }

    /// <summary>stdin is a terminal: the console switches it to raw mode while attached.</summary>
    public bool InputIsTerminal { get; }

    /// <summary>
    /// The process's streams. A terminal stdin is read straight from fd 0: .NET's console stream would edit lines
    /// itself, which the raw console must not have. stdout and stderr are written with write(2) (see
    /// <see cref="FdWriteStream"/>: .NET's console streams would put the terminal in keypad mode).
    /// </summary>
    public static CliIo FromProcess()
    {
        var terminal = !Console.IsInputRedirected;
        var input = terminal
            ? new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0)
            : Console.OpenStandardInput();
        return new CliIo(input, new FdWriteStream(1), new FdWriteStream(2), terminal);
    }
}
