using Vireo.Drivers.Contracts;

namespace Vireo.Drivers.Test;

/// <summary>A fixed, made-up host (the numbers of libvirt's test driver: 16 CPUs in 2 NUMA cells).</summary>
internal sealed class TestHostInfo(TestDriverOptions options) : IHostInfo
{
    public const int CpuCount = 16;

    public string HypervisorType => options.HypervisorType;
    public ulong HypervisorVersion => options.HypervisorVersion;
    public string CanonicalUri => options.CanonicalUri;

    public string Hostname() => Environment.MachineName;

    public string CapabilitiesXml() =>
        "<capabilities>\n\n  <host>\n    <cpu>\n      <arch>x86_64</arch>\n    </cpu>\n    <topology>\n      <cells num='2'>\n" +
        "        <cell id='0'/>\n        <cell id='1'/>\n      </cells>\n    </topology>\n  </host>\n\n" +
        "  <guest>\n    <os_type>hvm</os_type>\n    <arch name='x86_64'>\n      <wordsize>64</wordsize>\n" +
        "      <domain type='qemu'/>\n    </arch>\n  </guest>\n\n</capabilities>\n";

    public string DomainCapabilitiesXml(string? emulator, string? arch, string? machine, string? virtType) =>
        $"<domainCapabilities>\n  <domain>{virtType ?? "qemu"}</domain>\n  <arch>{arch ?? "x86_64"}</arch>\n  <vcpu max='{CpuCount}'/>\n</domainCapabilities>\n";

    public NodeInfo NodeInfo() => new("i686", 3145728, CpuCount, 1400, 2, 2, 2, 2);

    public string SysinfoXml() => "<sysinfo type='smbios'>\n  <system>\n    <entry name='manufacturer'>Vireo</entry>\n  </system>\n</sysinfo>\n";

    public IReadOnlyList<NodeStat> NodeMemoryStats(int cell) =>
        [new("total", 3145728), new("free", 2097152), new("buffers", 0), new("cached", 0)];

    public IReadOnlyList<NodeStat> NodeCpuStats(int cpu) =>
        [new("kernel", 1000), new("user", 2000), new("idle", 100000), new("iowait", 0)];

    public IReadOnlyList<ulong> CellsFreeMemory(int startCell, int maxCells)
    {
        var cells = new List<ulong>();
        for (var c = Math.Max(0, startCell); c < 2 && cells.Count < maxCells; c++) cells.Add(1024UL * 1024 * 1024);
        return cells;
    }

    public ulong FreeMemory() => 2UL * 1024 * 1024 * 1024;

    public IReadOnlyList<bool> CpuMap() => Enumerable.Repeat(true, CpuCount).ToArray();

    public int MaxVcpus(string? type) => 32;
}
