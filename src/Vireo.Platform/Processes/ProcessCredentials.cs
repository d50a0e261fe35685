using System.Globalization;

namespace Vireo.Platform.Processes;

/// <summary>The real user and group a process runs as, from the "Uid:" and "Gid:" lines of /proc/PID/status (proc(5)).</summary>
public readonly record struct ProcessCredentials(int Uid, int Gid)
{
    public bool IsRoot => Uid == 0 || Gid == 0;

    /// <summary>The credentials of a live process, or null when it is gone.</summary>
    public static ProcessCredentials? Read(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/status"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        return Parse(text);
    }

    public static ProcessCredentials? Parse(string status)
    {
        int? uid = null, gid = null;
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal)) uid = FirstId(line);
            else if (line.StartsWith("Gid:", StringComparison.Ordinal)) gid = FirstId(line);
        }
        return uid is { } u && gid is { } g ? new ProcessCredentials(u, g) : null;
    }

    /// <summary>"Uid:\t0\t0\t0\t0": real, effective, saved, file system; the first is the real one.</summary>
    private static int FirstId(string line) =>
        int.Parse(line[4..].Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
}
