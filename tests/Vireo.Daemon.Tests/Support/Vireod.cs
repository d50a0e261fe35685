using System.Diagnostics;
using System.Net.Sockets;
using Vireo.Cli.Tests.Support;

namespace Vireo.Daemon.Tests.Support;

/// <summary>
/// vireod started by a test in the foreground on a private state layout and private sockets (an empty config
/// file, so /etc/vireo/vireod.conf of the machine never applies). Stop sends SIGTERM, as systemd does.
/// </summary>
public sealed class Vireod : IAsyncDisposable
{
    private readonly InteractiveProcess _process;

    private Vireod(InteractiveProcess process, string root)
    {
        _process = process;
        Root = root;
    }

    public static string Program => Path.Combine(AppContext.BaseDirectory, "vireod");

    public string Root { get; }
    public string Socket => Path.Combine(Root, "run", "libvirt-sock");
    public string ReadOnlySocket => Path.Combine(Root, "run", "libvirt-sock-ro");
    public string Uri => $"qemu+unix:///system?socket={Socket}";
    public int Pid => _process.Pid;
    public string Output => _process.Text;

    /// <summary>The daemon's arguments for a layout under root (state, run and log directories, empty config).</summary>
    public static string[] Args(string root, params string[] extra)
    {
        Directory.CreateDirectory(root);
        var config = Path.Combine(root, "vireod.conf");
        if (!File.Exists(config)) File.WriteAllText(config, "# test: defaults only\n");
        return ["--foreground", "--config", config, "--state-dir", Path.Combine(root, "lib"), "--run-dir", Path.Combine(root, "run"),
            "--log-dir", Path.Combine(root, "log"), .. extra];
    }

    /// <summary>Starts vireod on the root and waits until its socket answers.</summary>
    public static async Task<Vireod> StartAsync(string root)
    {
        var p = InteractiveProcess.Start(Program, Args(root));
        var d = new Vireod(p, root);
        await d.WaitReadyAsync();
        return d;
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!await AnswersAsync(Socket))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"vireod did not answer on {Socket} within 90 s. Output:\n{Output}");
            await Task.Delay(50);
        }
    }

    public static async Task<bool> AnswersAsync(string path)
    {
        using var s = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await s.ConnectAsync(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM, then the exit status (0 when it stopped cleanly).</summary>
    public async Task<int> StopAsync()
    {
        Signal(Pid, "TERM");
        return await _process.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
