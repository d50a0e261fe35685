using System.Globalization;

namespace Vireo.Platform.Processes;

/// <summary>
/// How long a thread waited for a CPU, as libvirt reports it per vCPU: "wait" is the scheduler statistics'
/// wait_sum of /proc/PID/task/TID/sched (milliseconds with a fraction; 0 on a kernel that keeps no
/// scheduler statistics, where the line is missing), "delay" the run-queue time of .../schedstat (proc(5):
/// run time, wait time and time slices, in nanoseconds).
/// </summary>
public readonly record struct ThreadSchedStats(ulong WaitNs, ulong DelayNs)
{
    /// <summary>The thread's figures, or null when it is gone.</summary>
    public static ThreadSchedStats? Read(int pid, int tid)
    {
        try
        {
            var dir = $"/proc/{pid}/task/{tid}";
            return new ThreadSchedStats(WaitSum(File.ReadAllText(Path.Combine(dir, "sched"))), RunQueueWait(File.ReadAllText(Path.Combine(dir, "schedstat"))));
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>"se.statistics.wait_sum : 12.345678" (older kernels) or "wait_sum : ...", milliseconds, as nanoseconds.</summary>
    public static ulong WaitSum(string sched)
    {
        foreach (var line in sched.Split('\n'))
        {
            if (!line.StartsWith("se.statistics.wait_sum", StringComparison.Ordinal) && !line.StartsWith("wait_sum", StringComparison.Ordinal)) continue;
            var colon = line.IndexOf(':');
            if (colon > 0 && double.TryParse(line[(colon + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
                return (ulong)(ms * 1_000_000);
        }
        return 0;
    }

    /// <summary>The second field of schedstat.</summary>
    public static ulong RunQueueWait(string schedstat)
    {
        var fields = schedstat.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ns) ? ns : 0;
    }
}
