using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Vireo.Platform.Processes;
using Vireo.Platform.Sockets;

namespace Vireo.Lxc.Runtime;

/// <summary>
/// Starts `vireo-lxc start RUNDIR 3 wait` before the container's cgroup and plan exist, so the
/// helper's exec and dynamic linking overlap that work; <see cref="RunAsync"/> then says the plan is
/// ready (a 'p' on descriptor 3) and waits for the helper's report there. Disposing before that
/// closes the socket, and a helper still waiting ends without doing anything.
/// The helper stays as the container's supervisor: our child while this vireod runs, re-parented (and
/// found again by pid and start time) after a restart. It starts in our session and takes one of its
/// own once init runs, before it reports: a new session is a new autogroup for the scheduler, which
/// on a busy host would wait behind the others for most of the start.
/// </summary>
internal sealed class HelperLauncher : IDisposable
{
    /// <summary>The descriptor number the helper reads "plan ready" from and writes its report to.</summary>
    private const int ReportFd = 3;

    private readonly Socket _socket;
    private readonly string _helperLog;

    private HelperLauncher(Socket socket, WatchedProcess helper, string helperLog)
    {
        _socket = socket;
        Helper = helper;
        _helperLog = helperLog;
    }

    /// <summary>The helper process (it ends by itself after an ERR report, or when disposed before <see cref="RunAsync"/>).</summary>
    public WatchedProcess Helper { get; }

    public static async Task<HelperLauncher> SpawnAsync(string helperPath, ContainerPaths paths, string? netns, CancellationToken ct)
    {
        var (ours, theirs) = UnixSocket.CreatePair();
        try
        {
            using (theirs)
            {
                var helper = await ProcessSpawner.SpawnAsync(new SpawnOptions
                {
                    Executable = helperPath,
                    Arguments = ["start", paths.RunDir, "3", "wait"],
                    OutputLogPath = paths.HelperLog,
                    InheritedFds = new Dictionary<int, SafeHandle> { [ReportFd] = theirs.SafeHandle },
                    NetworkNamespace = netns,
                    Environment = new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin" },
                    NewSession = false,
                }, ct).ConfigureAwait(false);
                return new HelperLauncher(ours, helper, paths.HelperLog);
            }
        }
        catch
        {
            ours.Dispose();
            throw;
        }
    }

    /// <summary>Lets the helper read its plan and build the container; its report once init runs (or why not).</summary>
    public async Task<HelperReport> RunAsync(TimeSpan timeout, CancellationToken ct)
    {
        string? line;
        try
        {
            try
            {
                await _socket.SendAsync(new[] { (byte)'p' }, SocketFlags.None, ct).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // The helper is already gone: reading finds the end at once and says so below.
            }
            line = await ReadLineAsync(_socket, timeout, ct).ConfigureAwait(false);
        }
        catch
        {
            Helper.Signal(Platform.Processes.Signals.SIGKILL);
            throw;
        }
        return line is null
            ? new HelperReport(false, 0, 0, null, $"the container helper ended without a report (see {_helperLog})")
            : HelperReport.Parse(line);
    }

    public void Dispose() => _socket.Dispose();

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
