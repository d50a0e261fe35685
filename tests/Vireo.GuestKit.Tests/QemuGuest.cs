using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Vireo.GuestKit.Tests;

/// <summary>
/// One demo guest run by a raw qemu-system-x86_64 (TCG): the serial port on QEMU's stdin/stdout,
/// QMP on a Unix socket in a private temp directory. Disposing kills the QEMU this object started.
/// </summary>
public sealed partial class QemuGuest : IAsyncDisposable
{
    /// <summary>Generous: TCG on 2 shared cores, possibly next to other tests' guests.</summary>
    public static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(3);

    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Task _stdoutPump;
    private readonly StringBuilder _stderr = new();
    private int _commands;

    private QemuGuest(Process process, string directory)
    {
        _process = process;
        Directory = directory;
        _stdoutPump = PumpConsoleAsync();
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr) { _stderr.AppendLine(e.Data); }
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>Private directory for this guest's sockets; removed on dispose.</summary>
    public string Directory { get; }

    public string QmpSocket => Path.Combine(Directory, "qmp.sock");

    public ConsoleBuffer Console { get; } = new();

    public QmpClient? Qmp { get; private set; }

    public string StandardError
    {
        get { lock (_stderr) { return _stderr.ToString(); } }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts QEMU on the kit's kernel and initrd. <paramref name="kernelParameters"/> go after the
    /// kit's own command line; <paramref name="extraArguments"/> may use "{dir}" for the guest's directory.
    /// </summary>
    public static async Task<QemuGuest> StartAsync(
        GuestKit kit,
        string kernelParameters,
        IEnumerable<string> extraArguments,
        CancellationToken cancellationToken)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("vireo-gk-").FullName;
        var start = new ProcessStartInfo("qemu-system-x86_64")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "-name", $"guest={Path.GetFileName(directory)}",
            "-machine", "pc,graphics=off", // graphics=off: SeaBIOS prints on the serial port
            "-accel", "tcg",
            "-m", "256",
            "-smp", "1",
            "-nodefaults", "-no-user-config", "-display", "none",
            "-qmp", $"unix:{Path.Combine(directory, "qmp.sock")},server=on,wait=off",
            "-chardev", "stdio,id=ser0,signal=off",
            "-serial", "chardev:ser0",
            "-kernel", kit.Kernel,
            "-initrd", kit.Initrd,
            "-append", $"{kit.KernelCommandLine} {kernelParameters}".Trim(),
        ];
        foreach (string argument in arguments.Concat(extraArguments.Select(a => a.Replace("{dir}", directory))))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("qemu-system-x86_64 did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw new InvalidOperationException(
                $"Cannot run qemu-system-x86_64 ({e.Message}); install it with scripts/setup.sh (package qemu-system-x86).", e);
        }

        var guest = new QemuGuest(process, directory);
        try
        {
            guest.Qmp = await QmpClient.ConnectAsync(guest.QmpSocket, TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch
        {
            await guest.DisposeAsync();
            throw;
        }

        return guest;
    }

    /// <summary>Waits for the marker line and then the shell prompt; returns the guest uptime the marker reports.</summary>
    public async Task<double> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var marker = await Console.WaitForAsync(MarkerOrPanic(), 0, BootTimeout, cancellationToken);
        if (marker.Groups["panic"].Success)
        {
            // A panicked kernel hangs: say so now instead of running into the boot timeout.
            var panicked = await Console.WaitForAsync(new Regex(@"---\[ end Kernel panic[^\n]*"), marker.Index, TimeSpan.FromSeconds(10), cancellationToken);
            throw new InvalidOperationException($"The guest kernel panicked during boot: {panicked.Value.Trim()}\nConsole tail:\n{Tail(Console.Text)}");
        }


        await Console.WaitForAsync(new Regex(Regex.Escape(GuestKit.Prompt)), marker.Index, BootTimeout, cancellationToken);
        return double.Parse(marker.Groups["uptime"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    // A kernel message on the serial port, wherever it lands (the kernel may print in the middle of a shell line).
    private static readonly Regex KernelMessage = new(@"\[\s*\d+\.\d+\] [^\n]*\n");

    /// <summary>Runs a shell command on the serial console; returns its output (CR removed) and exit status.</summary>
    public async Task<(string Output, int ExitCode)> RunAsync(string command, CancellationToken cancellationToken)
    {
        int n = Interlocked.Increment(ref _commands);
        int since = Console.Length;
        // The quotes keep the echoed command line from matching the markers the shell prints.
        await TypeAsync($"echo __B\"\"EGIN{n}__; {command}; echo __E\"\"ND{n}__$?\n", cancellationToken);
        var pattern = new Regex($@"__BEGIN{n}__(?<out>.*?)__END{n}__(?<rc>\d+)", RegexOptions.Singleline);
        var match = await Console.WaitForAsync(pattern, since, CommandTimeout, cancellationToken);
        return (CommandOutput(match.Groups["out"].Value), int.Parse(match.Groups["rc"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// What a command printed between the begin and end markers, without CRs and kernel messages: the kernel
    /// prints straight onto the same serial port, between the shell's lines and even between the begin marker
    /// and its newline ("__BEGIN3__[    3.53] IPv6: ...").
    /// </summary>
    internal static string CommandOutput(string betweenMarkers)
    {
        var output = KernelMessage.Replace(betweenMarkers.Replace("\r", ""), "");
        return output.StartsWith('\n') ? output[1..] : output; // the begin marker's own newline
    }

    public async Task TypeAsync(string text, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteAsync(text.AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
    }

    /// <summary>Waits for QEMU to exit by itself; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"QEMU did not exit within {timeout.TotalSeconds:0} s. Console tail:\n{Tail(Console.Text)}");
        }

        await _stdoutPump;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (Qmp is not null)
        {
            await Qmp.DisposeAsync();
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        await _stdoutPump;
        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    [GeneratedRegex(@"VIREO-GUEST-READY uptime=(?<uptime>[0-9]+\.[0-9]+)")]
    public static partial Regex MarkerLine();

    [GeneratedRegex(@"VIREO-GUEST-READY uptime=(?<uptime>[0-9]+\.[0-9]+)|(?<panic>Kernel panic - not syncing)")]
    private static partial Regex MarkerOrPanic();

    private async Task PumpConsoleAsync()
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[16384];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var stream = _process.StandardOutput.BaseStream;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(bytes)) > 0)
            {
                int count = decoder.GetChars(bytes, 0, read, chars, 0);
                Console.Append(new string(chars, 0, count));
            }
        }
        finally
        {
            Console.Close();
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
