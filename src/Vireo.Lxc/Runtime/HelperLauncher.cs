using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Vireo.Platform.Processes;
using Vireo.Platform.Sockets;

namespace Vireo.Lxc.Runtime;

/// <summary>
/// Starts `vireo-lxc start RUNDIR 3` and waits for its report on descriptor 3. The helper forks a
/// supervisor in its own session and exits at once, so the supervisor belongs to no vireod process
/// and survives our restarts; the report tells us its pid.
/// </summary>
internal static class HelperLauncher
{
    /// <summary>The descriptor number the helper writes its report to.</summary>
    private const int ReportFd = 3;

    public static async Task<HelperReport> StartAsync(string helperPath, ContainerPaths paths, string? netns,
        TimeSpan timeout, CancellationToken ct)
    {
        var (ours, theirs) = UnixSocket.CreatePair();
        using (ours)
        {
            WatchedProcess launcher;
            using (theirs)
            {
                launcher = await ProcessSpawner.SpawnAsync(new SpawnOptions
                {
                    Executable = helperPath,
                    Arguments = ["start", paths.RunDir, "3"],
                    OutputLogPath = paths.HelperLog,
                    InheritedFds = new Dictionary<int, SafeHandle> { [ReportFd] = theirs.SafeHandle },
                    NetworkNamespace = netns,
                    Environment = new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin" },
                    NewSession = true,
                }, ct).ConfigureAwait(false);
            }
            using (launcher)
            {
                var line = await ReadLineAsync(ours, timeout, ct).ConfigureAwait(false);
                // The launcher exits right after its fork; wait for it so it is reaped, not left a zombie.
                await launcher.Exited.WaitAsync(timeout, ct).ConfigureAwait(false);
                return line is null
                    ? new HelperReport(false, 0, 0, null, $"the container helper ended without a report (see {paths.HelperLog})")
                    : HelperReport.Parse(line);
            }
        }
    }

    private static async Task<string?> ReadLineAsync(Socket socket, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var buffer = new byte[2048];
        int used = 0;
        try
        {
            while (used < buffer.Length)
            {
                int n = await socket.ReceiveAsync(buffer.AsMemory(used), SocketFlags.None, cts.Token).ConfigureAwait(false);
                if (n == 0) break;
                used += n;
                int nl = Array.IndexOf(buffer, (byte)'\n', 0, used);
                if (nl >= 0) return Encoding.UTF8.GetString(buffer, 0, nl);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The container helper did not report within {timeout.TotalSeconds:0} s.");
        }
        return used == 0 ? null : Encoding.UTF8.GetString(buffer, 0, used);
    }
}
