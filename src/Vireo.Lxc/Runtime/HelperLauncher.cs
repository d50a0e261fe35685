using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Vireo.Platform.Processes;
using Vireo.Platform.Sockets;

namespace Vireo.Lxc.Runtime;

/// <summary>
/// Starts `vireo-lxc start RUNDIR 3` and waits for its report on descriptor 3. The helper stays as the
/// container's supervisor: our child while this vireod runs, re-parented (and found again by pid and
/// start time) after a restart. It starts in our session and takes one of its own once init runs,
/// before it reports: a new session is a new autogroup for the scheduler, which on a busy host would
/// wait behind the others for most of the start.
/// </summary>
internal static class HelperLauncher
{
    /// <summary>The descriptor number the helper writes its report to.</summary>
    private const int ReportFd = 3;

    /// <summary>The report, and the helper process (which ends by itself after an ERR report).</summary>
    public static async Task<(HelperReport Report, WatchedProcess Helper)> StartAsync(string helperPath, ContainerPaths paths, string? netns,
        TimeSpan timeout, CancellationToken ct)
    {
        var (ours, theirs) = UnixSocket.CreatePair();
        using (ours)
        {
            WatchedProcess helper;
            using (theirs)
            {
                helper = await ProcessSpawner.SpawnAsync(new SpawnOptions
                {
                    Executable = helperPath,
                    Arguments = ["start", paths.RunDir, "3"],
                    OutputLogPath = paths.HelperLog,
                    InheritedFds = new Dictionary<int, SafeHandle> { [ReportFd] = theirs.SafeHandle },
                    NetworkNamespace = netns,
                    Environment = new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin" },
                    NewSession = false,
                }, ct).ConfigureAwait(false);
            }
            string? line;
            try
            {
                line = await ReadLineAsync(ours, timeout, ct).ConfigureAwait(false);
            }
            catch
            {
                helper.Signal(Platform.Processes.Signals.SIGKILL);
                helper.Dispose();
                throw;
            }
            var report = line is null
                ? new HelperReport(false, 0, 0, null, $"the container helper ended without a report (see {paths.HelperLog})")
                : HelperReport.Parse(line);
            return (report, helper);
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
