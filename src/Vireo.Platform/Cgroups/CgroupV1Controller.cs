using System.Globalization;

namespace Vireo.Platform.Cgroups;

/// <summary>
/// A group in the v1 hierarchies: one directory per controller mount (cpu, cpuset, memory...), all at
/// the same relative path. Per-thread children exist only in cpu, cpuacct and cpuset, like libvirt's.
/// </summary>
internal sealed class CgroupV1Controller : ICgroupController
{
    private static readonly string[] ThreadControllers = ["cpu", "cpuacct", "cpuset"];
    private readonly CgroupLayout _layout;
    private readonly Dictionary<string, string> _dirs; // controller -> directory of this group

    private CgroupV1Controller(CgroupLayout layout, string relativePath, Dictionary<string, string> dirs)
    {
        _layout = layout;
        RelativePath = relativePath;
        _dirs = dirs;
    }

    public CgroupVersion Version => CgroupVersion.V1;
    public string RelativePath { get; }

    public static CgroupV1Controller Create(CgroupLayout layout, string relativePath) =>
        Create(layout, relativePath, CgroupLayout.V1Controllers);

    private static CgroupV1Controller Create(CgroupLayout layout, string relativePath, IEnumerable<string> controllers)
    {
        var dirs = new Dictionary<string, string>();
        foreach (string ctrl in controllers)
        {
            if (!layout.V1Mounts.TryGetValue(ctrl, out string? mount))
                continue;
            string dir = mount;
            foreach (string part in relativePath.Split('/'))
            {
                string parent = dir;
                dir = Path.Combine(dir, part);
                bool existed = Directory.Exists(dir);
                CgroupFile.MakeDirectory(dir);
                // A new cpuset starts with no cpus and no mems and would refuse every task (ENOSPC):
                // give it its parent's, which is what a caller narrows down afterwards.
                if (ctrl == "cpuset" && !existed)
                    InheritCpuset(parent, dir);
            }
            dirs[ctrl] = dir;
        }
        if (dirs.Count == 0)
            throw new NotSupportedException("No cgroup v1 controller used by Vireo is mounted on this host.");
        return new CgroupV1Controller(layout, relativePath, dirs);
    }

    private static void InheritCpuset(string parent, string dir)
    {
        foreach (string file in new[] { "cpuset.cpus", "cpuset.mems" })
            if (CgroupFile.Read(Path.Combine(dir, file)).Length == 0)
                CgroupFile.Write(Path.Combine(dir, file), CgroupFile.Read(Path.Combine(parent, file)));
    }

    public ICgroupController CreateThreadGroup(string name) =>
        Create(_layout, $"{RelativePath}/{Cgroups.CheckName(name)}", ThreadControllers.Where(_dirs.ContainsKey));

    private IEnumerable<string> DistinctDirs => _dirs.Values.Distinct(); // cpu,cpuacct may share a mount

    public void AttachProcess(int pid)
    {
        foreach (string dir in DistinctDirs)
            CgroupFile.Write(Path.Combine(dir, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
    }

    public void AttachThread(int tid)
    {
        foreach (string dir in DistinctDirs)
            CgroupFile.Write(Path.Combine(dir, "tasks"), tid.ToString(CultureInfo.InvariantCulture));
    }

    public IReadOnlyList<int> Members() => CgroupFile.ReadIds(Path.Combine(_dirs.Values.First(), "cgroup.procs"));

    private string FileOf(string ctrl, string file) =>
        _dirs.TryGetValue(ctrl, out string? dir) && File.Exists(Path.Combine(dir, file))
            ? Path.Combine(dir, file)
            : throw new NotSupportedException(
                $"The cgroup v1 file {ctrl}/{file} is not available for {RelativePath} on this host.");

    public string CpusetCpus
    {
        get => CgroupFile.Read(FileOf("cpuset", "cpuset.cpus"));
        set => CgroupFile.Write(FileOf("cpuset", "cpuset.cpus"), value);
    }

    public string CpusetMems
    {
        get => CgroupFile.Read(FileOf("cpuset", "cpuset.mems"));
        set => CgroupFile.Write(FileOf("cpuset", "cpuset.mems"), value);
    }

    public void SetMemoryMigrate(bool on) => CgroupFile.Write(FileOf("cpuset", "cpuset.memory_migrate"), on ? "1" : "0");

    public ulong CpuShares
    {
        get => CgroupFile.ReadULong(FileOf("cpu", "cpu.shares"));
        set => CgroupFile.Write(FileOf("cpu", "cpu.shares"), value.ToString(CultureInfo.InvariantCulture));
    }

    public (ulong PeriodUs, long QuotaUs) CpuBandwidth
    {
        get => (CgroupFile.ReadULong(FileOf("cpu", "cpu.cfs_period_us")), CgroupFile.ReadLong(FileOf("cpu", "cpu.cfs_quota_us")));
        set
        {
            CgroupFile.Write(FileOf("cpu", "cpu.cfs_period_us"), value.PeriodUs.ToString(CultureInfo.InvariantCulture));
            CgroupFile.Write(FileOf("cpu", "cpu.cfs_quota_us"), value.QuotaUs.ToString(CultureInfo.InvariantCulture));
        }
    }

    // v1 reports "unlimited" as the largest page-aligned long (9223372036854771712).
    private const long V1Unlimited = long.MaxValue & ~4095L;

    private long? ReadLimit(string file)
    {
        long v = CgroupFile.ReadLong(FileOf("memory", file));
        return v >= V1Unlimited ? null : v;
    }

    private void WriteLimit(string file, long? bytes) =>
        CgroupFile.Write(FileOf("memory", file), bytes?.ToString(CultureInfo.InvariantCulture) ?? "-1");

    public long? MemoryLimit { get => ReadLimit("memory.limit_in_bytes"); set => WriteLimit("memory.limit_in_bytes", value); }
    public long? MemorySoftLimit { get => ReadLimit("memory.soft_limit_in_bytes"); set => WriteLimit("memory.soft_limit_in_bytes", value); }
    public long? MemorySwapLimit { get => ReadLimit("memory.memsw.limit_in_bytes"); set => WriteLimit("memory.memsw.limit_in_bytes", value); }

    private string BlkioWeightFile =>
        _dirs.TryGetValue("blkio", out string? d) && File.Exists(Path.Combine(d, "blkio.weight"))
            ? Path.Combine(d, "blkio.weight")
            : FileOf("blkio", "blkio.bfq.weight");

    public int BlkioWeight
    {
        // blkio.bfq.weight reads "default N".
        get => int.Parse(CgroupFile.Read(BlkioWeightFile).Split(' ')[^1], CultureInfo.InvariantCulture);
        set => CgroupFile.Write(BlkioWeightFile, value.ToString(CultureInfo.InvariantCulture));
    }

    public ulong CpuUsageNanoseconds() => CgroupFile.ReadULong(FileOf("cpuacct", "cpuacct.usage"));

    public ulong MemoryUsageBytes() => CgroupFile.ReadULong(FileOf("memory", "memory.usage_in_bytes"));

    public bool IsFrozen => CgroupFile.Read(FileOf("freezer", "freezer.state")) == "FROZEN";

    public Task FreezeAsync(CancellationToken ct = default) => SetFreezer("FROZEN", ct);

    public Task ThawAsync(CancellationToken ct = default) => SetFreezer("THAWED", ct);

    /// <summary>The state passes through FREEZING until every task has stopped; we poll until it settles.</summary>
    private Task SetFreezer(string state, CancellationToken ct)
    {
        string file = FileOf("freezer", "freezer.state");
        CgroupFile.Write(file, state);
        return Poll.UntilAsync(() => CgroupFile.Read(file) == state, TimeSpan.FromSeconds(10),
            $"the cgroup {RelativePath} to become {state}", ct);
    }

    public async Task RemoveAsync(CancellationToken ct = default)
    {
        foreach (string dir in DistinctDirs)
            await CgroupFile.RemoveTreeAsync(dir, ct).ConfigureAwait(false);
    }
}
