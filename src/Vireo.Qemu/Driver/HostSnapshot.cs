using System.Globalization;
using Vireo.Platform.Host;
using Vireo.Qemu.Cpu;

namespace Vireo.Qemu.Driver;

/// <summary>Where one logical CPU sits (sysfs cpu/cpuN/topology).</summary>
internal sealed record HostCpuLocation(int Id, int Socket, int Die, int Core, string Siblings);

/// <summary>
/// The host facts the capabilities need, read once (Platform's parsers plus the per-CPU topology and
/// hugepage counts from sysfs). Everything after this is pure (HostCapabilitiesBuilder).
/// </summary>
internal sealed record HostSnapshot(
    string Arch,
    CpuInfo Cpu,
    IReadOnlyList<NumaNode> Nodes,
    IReadOnlyList<HostCpuLocation> Cpus,
    IReadOnlyList<ulong> HugePageSizesKiB,
    IReadOnlyDictionary<(int Node, ulong SizeKiB), ulong> HugePagesPerNode,
    KvmStatus Kvm,
    PleSettings Ple,
    bool Iommu)
{
    /// <summary>The host CPU named with libvirt's CPU map (x86 only; null elsewhere).</summary>
    public X86CpuDescription? CpuModel { get; init; }

    private const string CpuRoot = "/sys/devices/system/cpu";

    /// <summary>This host's architecture as libvirt names it ("x86_64").</summary>
    public static string HostArch() => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "x86_64",
        System.Runtime.InteropServices.Architecture.Arm64 => "aarch64",
        var other => other.ToString().ToLowerInvariant(),
    };

    public static HostSnapshot Read()
    {
        var nodes = NumaTopology.Read();
        var sizes = HugePageSizes("/sys/kernel/mm/hugepages");
        var perNode = new Dictionary<(int, ulong), ulong>();
        foreach (var n in nodes)
            foreach (var size in sizes)
                perNode[(n.Id, size)] = ReadULong($"{NumaTopology.SysfsRoot}/node{n.Id}/hugepages/hugepages-{size}kB/nr_hugepages") ?? 0;
        return new HostSnapshot(HostArch(),
            CpuInfo.Read(), nodes, OnlineCpus().Select(Locate).ToList(), sizes, perNode, KvmProbe.Check(), HostFacts.ReadPleSettings(),
            Directory.Exists("/sys/kernel/iommu_groups") && Directory.EnumerateFileSystemEntries("/sys/kernel/iommu_groups").Any())
        {
            CpuModel = X86HostCpu.Describe(),
        };
    }

    /// <summary>Online CPU ids (sysfs cpu/online), falling back to the processor count.</summary>
    public static IReadOnlyList<int> OnlineCpus() =>
        File.Exists($"{CpuRoot}/online") ? CpuList.Parse(File.ReadAllText($"{CpuRoot}/online")) : Enumerable.Range(0, Environment.ProcessorCount).ToList();

    /// <summary>Possible CPU ids: the length of libvirt's CPU map.</summary>
    public static int PossibleCpuCount() =>
        File.Exists($"{CpuRoot}/possible") ? CpuList.Parse(File.ReadAllText($"{CpuRoot}/possible")).Max() + 1 : Environment.ProcessorCount;

    private static HostCpuLocation Locate(int id)
    {
        string Dir(string f) => $"{CpuRoot}/cpu{id}/topology/{f}";
        return new HostCpuLocation(id,
            (int)(ReadULong(Dir("physical_package_id")) ?? 0),
            (int)(ReadULong(Dir("die_id")) ?? 0),
            (int)(ReadULong(Dir("core_id")) ?? (ulong)id),
            File.Exists(Dir("thread_siblings_list")) ? File.ReadAllText(Dir("thread_siblings_list")).Trim() : id.ToString(CultureInfo.InvariantCulture));
    }

    private static IReadOnlyList<ulong> HugePageSizes(string dir) =>
        Directory.Exists(dir)
            ? Directory.EnumerateDirectories(dir, "hugepages-*kB")
                .Select(d => Path.GetFileName(d)["hugepages-".Length..^2])
                .Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).Order().ToList()
            : [];

    private static ulong? ReadULong(string path) =>
        File.Exists(path) && ulong.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
