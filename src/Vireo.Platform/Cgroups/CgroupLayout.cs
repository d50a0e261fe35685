namespace Vireo.Platform.Cgroups;

public enum CgroupVersion { V1 = 1, V2 = 2 }

/// <summary>
/// Which cgroup hierarchies are mounted where, read from /proc/self/mountinfo. Three shapes exist:
/// legacy (v1 controllers at /sys/fs/cgroup/CTRL), hybrid (v1 controllers plus an empty cgroup2 at
/// /sys/fs/cgroup/unified, as on this dev host) and unified (cgroup2 at /sys/fs/cgroup, all controllers).
/// </summary>
public sealed record CgroupLayout(IReadOnlyDictionary<string, string> V1Mounts, string? UnifiedMount)
{
    /// <summary>v1 controllers Vireo uses when they are mounted.</summary>
    public static readonly string[] V1Controllers = ["cpu", "cpuacct", "cpuset", "memory", "blkio", "freezer", "pids", "devices"];

    /// <summary>
    /// V1 when the resource controllers live in v1 hierarchies (legacy or hybrid), V2 otherwise.
    /// In hybrid mode the cgroup2 mount has no cpu/cpuset/memory, so it cannot be the one we use.
    /// </summary>
    public CgroupVersion PreferredVersion =>
        V1Mounts.ContainsKey("cpu") || V1Mounts.ContainsKey("cpuset") || V1Mounts.ContainsKey("memory")
            ? CgroupVersion.V1
            : CgroupVersion.V2;

    public static CgroupLayout Detect() => Parse(File.ReadAllText("/proc/self/mountinfo"));

    /// <summary>Parses mountinfo text (proc(5)): fields, " - ", fstype, source, super options.</summary>
    public static CgroupLayout Parse(string mountinfo)
    {
        var v1 = new Dictionary<string, string>();
        string? unified = null;
        foreach (string line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int sep = line.IndexOf(" - ", StringComparison.Ordinal);
            if (sep < 0)
                continue;
            string[] left = line[..sep].Split(' ');
            string[] right = line[(sep + 3)..].Split(' ');
            if (left.Length < 5 || right.Length < 3)
                continue;
            string root = left[3], mountPoint = Unescape(left[4]);
            if (root != "/")
                continue; // a bind mount of a sub-group (e.g. inside a container): not the hierarchy root
            if (right[0] == "cgroup2")
                unified ??= mountPoint;
            else if (right[0] == "cgroup")
                foreach (string opt in right[2].Split(','))
                    if (V1Controllers.Contains(opt))
                        v1.TryAdd(opt, mountPoint);
        }
        return new CgroupLayout(v1, unified);
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as octal (\040).</summary>
    private static string Unescape(string s)
    {
        if (!s.Contains('\\'))
            return s;
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 3 < s.Length)
            {
                sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
                sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
