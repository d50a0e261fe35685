using System.Globalization;

namespace Vireo.Platform.Processes;

/// <summary>
/// The fields we use from /proc/PID/stat or /proc/PID/task/TID/stat (proc(5)). Times are in clock
/// ticks (USER_HZ, 100 on Linux); StartTime is ticks since boot and, with the PID, identifies a process
/// across PID reuse.
/// </summary>
public sealed record ProcPidStat(
    int Pid, string Comm, char State, int ParentPid, int ProcessGroup, int Session,
    ulong UserTicks, ulong SystemTicks, int Threads, ulong StartTime, int LastCpu)
{
    /// <summary>USER_HZ: the kernel reports every /proc time in 1/100 s.</summary>
    public const int TicksPerSecond = 100;

    /// <summary>User + system CPU time.</summary>
    public TimeSpan CpuTime => TimeSpan.FromMilliseconds((UserTicks + SystemTicks) * 1000.0 / TicksPerSecond);

    /// <summary>Parses one stat line. The command name may contain spaces and ')' so we split at the last ')'.</summary>
    public static ProcPidStat Parse(string line)
    {
        int open = line.IndexOf('(');
        int close = line.LastIndexOf(')');
        if (open < 0 || close < open)
            throw new FormatException($"The /proc stat line '{Truncate(line)}' has no '(comm)' field.");
        int pid = int.Parse(line.AsSpan(0, open).Trim(), CultureInfo.InvariantCulture);
        string comm = line.Substring(open + 1, close - open - 1);
        // Fields after comm start with field 3 (state); index 0 below is field 3.
        string[] f = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 37)
            throw new FormatException($"The /proc stat line for pid {pid} has only {f.Length + 2} fields.");
        return new ProcPidStat(
            pid, comm, f[0][0],
            ParentPid: Int(f[1]), ProcessGroup: Int(f[2]), Session: Int(f[3]),
            UserTicks: ULong(f[11]), SystemTicks: ULong(f[12]),
            Threads: Int(f[17]), StartTime: ULong(f[19]), LastCpu: Int(f[36]));
    }

    /// <summary>Reads /proc/PID/stat, or null when the process does not exist.</summary>
    public static ProcPidStat? TryRead(int pid) => TryReadFile($"/proc/{pid}/stat");

    /// <summary>Reads /proc/PID/task/TID/stat (one thread: a vCPU, for example), or null when gone.</summary>
    public static ProcPidStat? TryReadThread(int pid, int tid) => TryReadFile($"/proc/{pid}/task/{tid}/stat");

    /// <summary>Thread ids of a process (from /proc/PID/task), empty when the process is gone.</summary>
    public static IReadOnlyList<int> ThreadIds(int pid)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{pid}/task")
                .Select(d => int.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture)).Order().ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    private static ProcPidStat? TryReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null; // not found, or the process exited while we read (ESRCH)
        }
        return text.Length == 0 ? null : Parse(text);
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
    private static ulong ULong(string s) => ulong.Parse(s, CultureInfo.InvariantCulture);
    private static string Truncate(string s) => s.Length > 80 ? s[..80] + "..." : s;
}
