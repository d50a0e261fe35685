using System.Globalization;

namespace Vireo.Platform.Cgroups;

/// <summary>A group's CPU time in nanoseconds: in all, in user and in kernel mode, and per host CPU (null where the kernel keeps none).</summary>
public sealed record CpuAccountingSample(ulong UsageNs, ulong UserNs, ulong SystemNs, IReadOnlyList<ulong>? PerCpuNs);

/// <summary>
/// CPU accounting of one cgroup, as libvirt reads it for virsh cpu-stats. v1: the cpuacct controller's
/// cpuacct.usage, cpuacct.usage_percpu and cpuacct.stat (user/system in USER_HZ ticks); v2: cpu.stat
/// (microseconds), which has no per-CPU split. Parsing is separate from reading, for tests.
/// </summary>
public static class CpuAccounting
{
    /// <summary>USER_HZ: the kernel reports cpuacct.stat in these ticks; it is 100 on every Linux architecture .NET runs on.</summary>
    public const ulong UserHz = 100;

    public static CpuAccountingSample Read(CgroupLayout layout, string relativePath)
    {
        if (layout.PreferredVersion == CgroupVersion.V1)
        {
            var dir = layout.V1Mounts.TryGetValue("cpuacct", out var mount)
                ? Path.Combine(mount, relativePath)
                : throw new NotSupportedException("the cpuacct cgroup controller is not mounted");
            var (user, system) = ParseV1Stat(CgroupFile.Read(Path.Combine(dir, "cpuacct.stat")));
            return new CpuAccountingSample(
                ulong.Parse(CgroupFile.Read(Path.Combine(dir, "cpuacct.usage")).Trim(), CultureInfo.InvariantCulture),
                user, system, ParsePerCpu(CgroupFile.Read(Path.Combine(dir, "cpuacct.usage_percpu"))));
        }
        var unified = layout.UnifiedMount ?? throw new NotSupportedException("no cgroup hierarchy is mounted");
        return ParseV2Stat(CgroupFile.Read(Path.Combine(unified, relativePath, "cpu.stat")));
    }

    /// <summary>cpuacct.usage_percpu: one number per possible CPU, space-separated.</summary>
    public static IReadOnlyList<ulong> ParsePerCpu(string text) =>
        text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>cpuacct.stat: "user N\nsystem N" in USER_HZ ticks, as nanoseconds.</summary>
    public static (ulong UserNs, ulong SystemNs) ParseV1Stat(string text)
    {
        var values = Pairs(text);
        const ulong nsPerTick = 1_000_000_000 / UserHz;
        return (values.GetValueOrDefault("user") * nsPerTick, values.GetValueOrDefault("system") * nsPerTick);
    }

    /// <summary>cpu.stat of cgroup v2: usage_usec, user_usec, system_usec (and more), as nanoseconds.</summary>
    public static CpuAccountingSample ParseV2Stat(string text)
    {
        var values = Pairs(text);
        return new CpuAccountingSample(values.GetValueOrDefault("usage_usec") * 1000,
            values.GetValueOrDefault("user_usec") * 1000, values.GetValueOrDefault("system_usec") * 1000, null);
    }

    private static Dictionary<string, ulong> Pairs(string text)
    {
        var d = new Dictionary<string, ulong>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var v)) d[parts[0]] = v;
        }
        return d;
    }
}
