using System.Globalization;

namespace Vireo.Platform.Host;

/// <summary>One "cpu"/"cpuN" line of /proc/stat, in clock ticks (USER_HZ = 100).</summary>
public sealed record CpuTimes(int? Cpu, ulong User, ulong Nice, ulong System, ulong Idle, ulong IoWait,
    ulong Irq, ulong SoftIrq, ulong Steal)
{
    public ulong Total => User + Nice + System + Idle + IoWait + Irq + SoftIrq + Steal;

    /// <summary>Returns the aggregate line (Cpu = null) first, then one per CPU.</summary>
    public static IReadOnlyList<CpuTimes> Parse(string procStat)
    {
        var result = new List<CpuTimes>();
        foreach (string line in procStat.Split('\n'))
        {
            if (!line.StartsWith("cpu", StringComparison.Ordinal))
                continue;
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int? cpu = f[0] == "cpu" ? null : int.Parse(f[0].AsSpan(3), CultureInfo.InvariantCulture);
            ulong At(int i) => i < f.Length ? ulong.Parse(f[i], CultureInfo.InvariantCulture) : 0;
            result.Add(new CpuTimes(cpu, At(1), At(2), At(3), At(4), At(5), At(6), At(7), At(8)));
        }
        return result;
    }

    public static IReadOnlyList<CpuTimes> Read() => Parse(File.ReadAllText("/proc/stat"));
}
