using System.Globalization;
using Vireo.Platform.Native;

namespace Vireo.Platform.Cgroups;

/// <summary>
/// A group in the unified (cgroup2) hierarchy. Per-thread children are "threaded" cgroups, the only
/// way v2 lets threads of one process live in different groups; only the threaded controllers
/// (cpu, cpuset, pids) are enabled below the machine group, memory and io stay on the group itself.
/// </summary>
internal sealed class CgroupV2Controller : ICgroupController
{
    private static readonly string[] DomainControllers = ["cpu", "cpuset", "memory", "io", "pids"];
    private static readonly string[] ThreadedControllers = ["cpu", "cpuset", "pids"];
    private readonly string _mount;
    private readonly string _dir;

    private CgroupV2Controller(string mount, string relativePath)
    {
        _mount = mount;
        RelativePath = relativePath;
        _dir = Path.Combine(mount, relativePath);
    }

    public CgroupVersion Version => CgroupVersion.V2;
    public string RelativePath { get; }

    public static CgroupV2Controller Create(string mount, string relativePath)
    {
        string dir = mount;
        foreach (string part in relativePath.Split('/'))
        {
            EnableControllers(dir, DomainControllers);
            dir = Path.Combine(dir, part);
            CgroupFile.MakeDirectory(dir);
        }
        return new CgroupV2Controller(mount, relativePath);
    }

    /// <summary>
    /// Enables what the parent offers for its children. Best effort, one controller at a time: a host
    /// may withhold some (hybrid mode offers none), and the knobs of a missing one report that clearly.
    /// </summary>
    private static void EnableControllers(string dir, IEnumerable<string> wanted)
    {
        var available = CgroupFile.Read(Path.Combine(dir, "cgroup.controllers")).Split(' ');
        var enabled = CgroupFile.Read(Path.Combine(dir, "cgroup.subtree_control")).Split(' ');
        foreach (string ctrl in wanted.Where(c => available.Contains(c) && !enabled.Contains(c)))
        {
            try
            {
                CgroupFile.Write(Path.Combine(dir, "cgroup.subtree_control"), "+" + ctrl);
            }
            catch (PlatformException)
            {
                // e.g. EBUSY (processes in a non-root group) or EOPNOTSUPP (domain controller in a threaded subtree)
            }
        }
    }

    public ICgroupController CreateThreadGroup(string name)
    {
        EnableControllers(_dir, ThreadedControllers);
        string child = Path.Combine(_dir, Cgroups.CheckName(name));
        CgroupFile.MakeDirectory(child);
        if (CgroupFile.Read(Path.Combine(child, "cgroup.type")) != "threaded")
            CgroupFile.Write(Path.Combine(child, "cgroup.type"), "threaded");
        return new CgroupV2Controller(_mount, $"{RelativePath}/{name}");
    }

    public void AttachProcess(int pid) => CgroupFile.Write(Path.Combine(_dir, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));

    public void AttachThread(int tid) => CgroupFile.Write(Path.Combine(_dir, "cgroup.threads"), tid.ToString(CultureInfo.InvariantCulture));

    public IReadOnlyList<int> Members() =>
        CgroupFile.ReadIds(Path.Combine(_dir,
            CgroupFile.Read(Path.Combine(_dir, "cgroup.type")) == "threaded" ? "cgroup.threads" : "cgroup.procs"));

    private string FileOf(string file) =>
        File.Exists(Path.Combine(_dir, file))
            ? Path.Combine(_dir, file)
            : throw new NotSupportedException(
                $"The cgroup v2 file {file} is not available for {RelativePath} on this host (its controller is not enabled here).");

    public string CpusetCpus { get => CgroupFile.Read(FileOf("cpuset.cpus")); set => CgroupFile.Write(FileOf("cpuset.cpus"), value); }
    public string CpusetMems { get => CgroupFile.Read(FileOf("cpuset.mems")); set => CgroupFile.Write(FileOf("cpuset.mems"), value); }

    public void SetMemoryMigrate(bool on)
    {
        // cgroup2 always migrates a task's pages when cpuset.mems changes.
    }

    public ulong CpuShares
    {
        get => CgroupFile.ReadULong(FileOf("cpu.weight"));
        set => CgroupFile.Write(FileOf("cpu.weight"), Math.Clamp(value, 1UL, 10000UL).ToString(CultureInfo.InvariantCulture));
    }

    public (ulong PeriodUs, long QuotaUs) CpuBandwidth
    {
        get
        {
            string[] parts = CgroupFile.Read(FileOf("cpu.max")).Split(' ');
            return (ulong.Parse(parts[1], CultureInfo.InvariantCulture),
                parts[0] == "max" ? -1 : long.Parse(parts[0], CultureInfo.InvariantCulture));
        }
        set => CgroupFile.Write(FileOf("cpu.max"),
            $"{(value.QuotaUs < 0 ? "max" : value.QuotaUs.ToString(CultureInfo.InvariantCulture))} {value.PeriodUs}");
    }

    private long? ReadLimit(string file)
    {
        string v = CgroupFile.Read(FileOf(file));
        return v == "max" ? null : long.Parse(v, CultureInfo.InvariantCulture);
    }

    private void WriteLimit(string file, long? bytes) =>
        CgroupFile.Write(FileOf(file), bytes?.ToString(CultureInfo.InvariantCulture) ?? "max");

    public long? MemoryLimit { get => ReadLimit("memory.max"); set => WriteLimit("memory.max", value); }
    public long? MemorySoftLimit { get => ReadLimit("memory.high"); set => WriteLimit("memory.high", value); }

    /// <summary>libvirt's swap_hard_limit is memory + swap (v1 memsw); v2 limits swap alone, so we store the difference.</summary>
    public long? MemorySwapLimit
    {
        get => ReadLimit("memory.swap.max") is { } swap && MemoryLimit is { } mem ? mem + swap : null;
        set => WriteLimit("memory.swap.max", value is { } total && MemoryLimit is { } mem ? Math.Max(0, total - mem) : null);
    }

    private string IoWeightFile => File.Exists(Path.Combine(_dir, "io.weight")) ? Path.Combine(_dir, "io.weight") : FileOf("io.bfq.weight");

    public int BlkioWeight
    {
        // io.weight reads "default N" (plus per-device lines).
        get => int.Parse(CgroupFile.Read(IoWeightFile).Split('\n')[0].Split(' ')[^1], CultureInfo.InvariantCulture);
        set => CgroupFile.Write(IoWeightFile, $"default {value.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>cpu.stat exists without the cpu controller (core accounting), in microseconds.</summary>
    public ulong CpuUsageNanoseconds() =>
        ulong.Parse(CgroupFile.ReadKey(FileOf("cpu.stat"), "usage_usec") ?? "0", CultureInfo.InvariantCulture) * 1000;

    public ulong MemoryUsageBytes() => CgroupFile.ReadULong(FileOf("memory.current"));

    public bool IsFrozen => CgroupFile.ReadKey(FileOf("cgroup.events"), "frozen") == "1";

    public Task FreezeAsync(CancellationToken ct = default) => SetFrozen(true, ct);

    public Task ThawAsync(CancellationToken ct = default) => SetFrozen(false, ct);

    private Task SetFrozen(bool frozen, CancellationToken ct)
    {
        CgroupFile.Write(FileOf("cgroup.freeze"), frozen ? "1" : "0");
        return Poll.UntilAsync(() => IsFrozen == frozen, TimeSpan.FromSeconds(10),
            $"the cgroup {RelativePath} to become {(frozen ? "frozen" : "thawed")}", ct);
    }

    public Task RemoveAsync(CancellationToken ct = default) => CgroupFile.RemoveTreeAsync(_dir, ct);
}
