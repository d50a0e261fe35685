using System.Globalization;

namespace Vireo.Platform.Processes;

/// <summary>
/// A process as it can be recorded in a status file and found again after a daemon restart: the PID
/// alone may have been reused by then, the PID plus its start time (ticks since boot) cannot.
/// </summary>
public readonly record struct ProcessIdentity(int Pid, ulong StartTime)
{
    /// <summary>The identity of a running process, or null when it does not exist.</summary>
    public static ProcessIdentity? Of(int pid) =>
        ProcPidStat.TryRead(pid) is { } stat ? new ProcessIdentity(pid, stat.StartTime) : null;

    /// <summary>True when this exact process (not a later one with the same PID) is still alive.</summary>
    public bool IsAlive() => ProcPidStat.TryRead(Pid) is { } s && s.StartTime == StartTime && s.State != 'Z';

    /// <summary>"PID:STARTTIME", the form <see cref="Parse"/> reads back.</summary>
    public override string ToString() => $"{Pid}:{StartTime}";

    public static ProcessIdentity Parse(string text)
    {
        int colon = text.IndexOf(':');
        if (colon <= 0
            || !int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            || !ulong.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong start))
            throw new FormatException($"'{text}' is not a process identity of the form PID:STARTTIME.");
        return new ProcessIdentity(pid, start);
    }
}
