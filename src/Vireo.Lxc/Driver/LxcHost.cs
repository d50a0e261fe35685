using System.Globalization;
using System.Xml.Linq;
using Vireo.Core.Errors;
using Vireo.Drivers.Contracts;
using Vireo.Platform.Host;

namespace Vireo.Lxc.Driver;

/// <summary>
/// The host as the container driver reports it. As libvirt's LXC driver, the "hypervisor" is the
/// kernel: type "LXC", version the kernel release, one guest type ('exe' on the host's arch).
/// </summary>
internal sealed class LxcHost : IHostInfo
{
    public string HypervisorType => "LXC";

    public ulong HypervisorVersion => KernelVersion(File.ReadAllText("/proc/sys/kernel/osrelease"));

    public string CanonicalUri => "lxc:///system";

    /// <summary>"6.18.44-fc-v669" is 6018044, as libvirt encodes versions.</summary>
    internal static ulong KernelVersion(string release)
    {
        var parts = release.Trim().Split('.', '-', '+');
        ulong Part(int i) => i < parts.Length && ulong.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
        return Part(0) * 1_000_000 + Part(1) * 1_000 + Part(2);
    }

    public string Hostname() => HostFacts.Hostname();

    public string CapabilitiesXml()
    {
        var arch = Arch;
        return new XElement("capabilities",
            new XElement("host",
                new XElement("cpu", new XElement("arch", arch)),
                new XElement("topology", new XElement("cells", new XAttribute("num", 1)))),
            new XElement("guest",
                new XElement("os_type", "exe"),
                new XElement("arch", new XAttribute("name", arch),
                    new XElement("wordsize", 64),
                    new XElement("emulator", "vireo-lxc"),
                    new XElement("domain", new XAttribute("type", "lxc"))))).ToString() + "\n";
    }

    public string DomainCapabilitiesXml(string? emulator, string? arch, string? machine, string? virtType) =>
        throw VirErrors.NoSupport("virConnectGetDomainCapabilities", VirErrorDomain.Lxc);

    public NodeInfo NodeInfo()
    {
        var cpu = CpuInfo.Read();
        return new NodeInfo(Arch, MemInfo.Read().TotalBytes / 1024, cpu.LogicalCpus, (int)cpu.Mhz, 1,
            cpu.Sockets, cpu.CoresPerSocket, cpu.ThreadsPerCore);
    }

    public string SysinfoXml() => throw VirErrors.NoSupport("virConnectGetSysinfo", VirErrorDomain.Lxc);

    public IReadOnlyList<NodeStat> NodeMemoryStats(int cell)
    {
        var m = MemInfo.Read();
        return [new("total", m.TotalBytes / 1024), new("free", m.FreeBytes / 1024), new("buffers", m.BuffersBytes / 1024), new("cached", m.CachedBytes / 1024)];
    }

    public IReadOnlyList<NodeStat> NodeCpuStats(int cpu)
    {
        var all = CpuTimes.Read();
        var t = cpu < 0 ? all.First(c => c.Cpu is null) : all.FirstOrDefault(c => c.Cpu == cpu)
            ?? throw VirErrors.InvalidArg($"there is no host CPU {cpu}", VirErrorDomain.Lxc);
        const ulong nsPerTick = 10_000_000; // USER_HZ 100
        return [new("kernel", t.System * nsPerTick), new("user", t.User * nsPerTick), new("idle", t.Idle * nsPerTick), new("iowait", t.IoWait * nsPerTick)];
    }

    public IReadOnlyList<ulong> CellsFreeMemory(int startCell, int maxCells) =>
        startCell == 0 && maxCells > 0 ? [MemInfo.Read().FreeBytes] : [];

    public ulong FreeMemory() => MemInfo.Read().FreeBytes;

    public IReadOnlyList<bool> CpuMap()
    {
        int n = Environment.ProcessorCount;
        return Enumerable.Repeat(true, n).ToList();
    }

    public int MaxVcpus(string? type) => Environment.ProcessorCount;

    private static string Arch => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "aarch64",
        _ => "x86_64",
    };
}
