using System.Globalization;
using Vireo.Platform.Cgroups;

namespace Vireo.IntegrationTests.Tuning.Support;

/// <summary>Reads the kernel's own view of a guest's threads: its cgroup files and /proc status.</summary>
internal static class CgroupFiles
{
    public static CgroupLayout Layout { get; } = CgroupLayout.Detect();

    /// <summary>The v1 group directory of a controller ("cpuset", "cpu", "memory") for a path relative to the hierarchy.</summary>
    public static string V1(string controller, string relativePath) => Path.Combine(Layout.V1Mounts[controller], relativePath);

    public static string Read(string controller, string relativePath, string file) =>
        File.ReadAllText(Path.Combine(V1(controller, relativePath), file)).Trim();

    /// <summary>The guest's group as a thread sees it (/proc/TID/cgroup, the given v1 controller's line; "" for the unified one).</summary>
    public static string GroupOf(int pid, int tid, string controller)
    {
        foreach (var line in File.ReadAllLines($"/proc/{pid}/task/{tid}/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && (controller.Length == 0 ? parts[0] == "0" : parts[1].Split(',').Contains(controller)))
                return parts[2].TrimStart('/');
        }
        return "";
    }

    /// <summary>Cpus_allowed_list of a thread, as the kernel enforces it.</summary>
    public static string CpusAllowed(int pid, int tid) =>
        File.ReadAllLines($"/proc/{pid}/task/{tid}/status").First(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
            .Split(':', 2)[1].Trim();

    public static string HostCpuList() => File.ReadAllText("/sys/devices/system/cpu/online").Trim();

    public static int HostCpuCount() => Vireo.Platform.Host.CpuList.Parse(HostCpuList()).Count;

    public static ulong MemTotalKiB() =>
        ulong.Parse(File.ReadAllLines("/proc/meminfo")[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
