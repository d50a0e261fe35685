using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Vireo.Snmp.Tests.Support;

/// <summary>
/// The shipped daemon as a program (<c>dotnet vireod.dll --foreground ...</c>, built next to the tests through the
/// project reference) on a private layout under a temp root: its own state, run and log directories, its own
/// sockets and its own config file, so nothing of the machine's /etc/vireo applies. Only this process is ever
/// signalled, by PID.
/// </summary>
public sealed partial class VireodProcess : IAsyncDisposable
{
    private readonly Process _p;
    private readonly StringBuilder _out = new();
    private readonly Lock _gate = new();

    private VireodProcess(Process p, string root)
    {
        _p = p;
        Root = root;
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "vireod.dll");

    public string Root { get; }
    public string Socket => Path.Combine(Root, "sock");
    public string Uri => $"qemu+unix:///system?socket={Socket}";
    public int Pid => _p.Id;
    public bool HasExited => _p.HasExited;

    /// <summary>Everything vireod printed so far (its log lines), colour escapes removed.</summary>
    public string Output
    {
        get { lock (_gate) return Ansi().Replace(_out.ToString(), ""); }
    }

    /// <summary>
    /// Starts vireod with its directories and sockets under <paramref name="root"/>, the config file written from
    /// <paramref name="configText"/>, and <paramref name="extra"/> options; returns once its socket answers.
    /// </summary>
    public static async Task<VireodProcess> StartAsync(string root, string configText, IEnumerable<string> extra, CancellationToken ct)
    {
        var config = Path.Combine(root, "vireod.conf");
        File.WriteAllText(config, configText);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            Dll, "--foreground", "--config", config,
            "--state-dir", Path.Combine(root, "lib"), "--run-dir", Path.Combine(root, "run"), "--log-dir", Path.Combine(root, "log"),
            "--socket", Path.Combine(root, "sock"), "--ro-socket", Path.Combine(root, "sock-ro"),
            .. extra,
        ];
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = new Process { StartInfo = psi };
        var d = new VireodProcess(p, root);
        p.OutputDataReceived += (_, e) => d.Append(e.Data);
        p.ErrorDataReceived += (_, e) => d.Append(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        try
        {
            await NetSnmp.PollAsync(() => d.HasExited || Answers(d.Socket), "vireod to listen on " + d.Socket, ct, seconds: 90);
            if (d.HasExited)
                throw new InvalidOperationException($"vireod exited with code {d._p.ExitCode} before listening. Output:\n{d.Output}");
            return d;
        }
        catch
        {
            await d.DisposeAsync();
            throw;
        }
    }

    private static bool Answers(string path)
    {
        if (!File.Exists(path)) return false;
        using var s = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            s.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _out.Append(line).Append('\n');
    }

    /// <summary>Waits until vireod's output contains <paramref name="text"/> (a log line), failing early if it exits.</summary>
    public async Task WaitForOutputAsync(string text, CancellationToken ct)
    {
        try
        {
            await NetSnmp.PollAsync(() => HasExited || Output.Contains(text, StringComparison.Ordinal), $"vireod to log '{text}'", ct, seconds: 30);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Output:\n{Output}", e);
        }
        if (!Output.Contains(text, StringComparison.Ordinal))
            throw new InvalidOperationException($"vireod exited (code {_p.ExitCode}) without logging '{text}'. Output:\n{Output}");
    }

    /// <summary>SIGTERM, as systemd stops it; then the exit status (WaitForExitAsync also drains the output).</summary>
    public async Task<int> StopAsync(CancellationToken ct)
    {
        if (!_p.HasExited) Posix.Kill(_p.Id, Posix.SigTerm);
        await _p.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        return _p.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_p.HasExited)
        {
            _p.Kill();
            await _p.WaitForExitAsync(CancellationToken.None);
        }
        _p.Dispose();
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();
}
