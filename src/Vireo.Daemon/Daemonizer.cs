using System.Diagnostics;
using System.Net.Sockets;

namespace Vireo.Daemon;

/// <summary>
/// `vireod` without --foreground outside systemd: start a detached copy (its own session, output to
/// LOG_DIR/vireod.log), wait until its socket answers, print its pid and exit, as `libvirtd -d` does.
/// .NET cannot fork, so the copy is a new process started through setsid.
/// </summary>
internal static class Daemonizer
{
    public static async Task<int> StartInBackgroundAsync(string[] args, DaemonSettings settings)
    {
        Directory.CreateDirectory(settings.LogDir);
        var log = Path.Combine(settings.LogDir, "vireod.log");
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the vireod executable");
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in (string[])["-c", "exec setsid \"$@\" </dev/null >>\"$VIREOD_LOG\" 2>&1", "sh", self, .. args, "--foreground"])
            psi.ArgumentList.Add(a);
        psi.Environment["VIREOD_LOG"] = log;
        using var child = Process.Start(psi) ?? throw new InvalidOperationException("cannot start vireod in the background");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (await AnswersAsync(settings.Socket))
            {
                var pid = File.Exists(settings.PidFile) ? File.ReadAllText(settings.PidFile).Trim() : "?";
                Console.Out.WriteLine($"vireod is running in the background (pid {pid}); its log is {log}");
                return 0;
            }
            if (child.HasExited && child.ExitCode != 0)
            {
                Console.Error.WriteLine($"vireod: error: the daemon exited with status {child.ExitCode}; see {log}");
                return 1;
            }
            await Task.Delay(50); // polling the socket for readiness, with the deadline above
        }
        Console.Error.WriteLine($"vireod: error: the daemon did not answer on {settings.Socket} within 120 s; see {log}");
        return 1;
    }

    private static async Task<bool> AnswersAsync(string path)
    {
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
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
}
