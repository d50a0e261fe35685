using System.Globalization;
using System.Runtime.InteropServices;
using Vireo.Platform.Native;

namespace Vireo.Platform.Processes;

/// <summary>
/// Which host CPUs a thread may run on (sched_setaffinity), and the threads of a process (/proc/PID/task).
/// Used for vCPU and emulator pinning: a cpuset cgroup sets the same mask when its cpus change, this is
/// the direct way when a thread has no cgroup of its own.
/// </summary>
public static unsafe partial class ThreadAffinity
{
    /// <summary>glibc's cpu_set_t: 1024 CPUs.</summary>
    private const int MaskBytes = 128;

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nuint size, byte* mask);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static partial int SchedGetAffinity(int pid, nuint size, byte* mask);

    public static void Set(int tid, IEnumerable<int> cpus)
    {
        var mask = stackalloc byte[MaskBytes];
        new Span<byte>(mask, MaskBytes).Clear();
        var any = false;
        foreach (var cpu in cpus)
        {
            if (cpu < 0 || cpu >= MaskBytes * 8)
                throw new ArgumentOutOfRangeException(nameof(cpus), cpu, "CPU numbers must be between 0 and 1023.");
            mask[cpu / 8] |= (byte)(1 << (cpu % 8));
            any = true;
        }
        if (!any) throw new ArgumentException("A thread must be allowed at least one CPU.", nameof(cpus));
        PlatformException.ThrowIfNegative(SchedSetAffinity(tid, MaskBytes, mask),
            string.Create(CultureInfo.InvariantCulture, $"set the CPU affinity of thread {tid}"));
    }

    public static IReadOnlyList<int> Get(int tid)
    {
        var mask = stackalloc byte[MaskBytes];
        PlatformException.ThrowIfNegative(SchedGetAffinity(tid, MaskBytes, mask),
            string.Create(CultureInfo.InvariantCulture, $"read the CPU affinity of thread {tid}"));
        var result = new List<int>();
        for (var i = 0; i < MaskBytes * 8; i++)
            if ((mask[i / 8] & (1 << (i % 8))) != 0) result.Add(i);
        return result;
    }

    /// <summary>The thread ids of a process (empty once it has gone).</summary>
    public static IReadOnlyList<int> ThreadsOf(int pid)
    {
        try
        {
            return Directory.EnumerateDirectories(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/task"))
                .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : -1)
                .Where(t => t > 0).Order().ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
