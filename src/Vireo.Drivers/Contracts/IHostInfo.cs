namespace Vireo.Drivers.Contracts;

/// <summary>What a connection can ask about the host and the hypervisor (never waits on a domain job).</summary>
public interface IHostInfo
{
    /// <summary>CONNECT_GET_TYPE: "QEMU" or "LXC".</summary>
    string HypervisorType { get; }

    /// <summary>CONNECT_GET_VERSION: major*1000000 + minor*1000 + micro of the hypervisor.</summary>
    ulong HypervisorVersion { get; }

    /// <summary>The canonical URI of this driver, answered to CONNECT_GET_URI ("qemu:///system").</summary>
    string CanonicalUri { get; }

    string Hostname();
    string CapabilitiesXml();
    string DomainCapabilitiesXml(string? emulator, string? arch, string? machine, string? virtType);
    NodeInfo NodeInfo();
    string SysinfoXml();
    IReadOnlyList<NodeStat> NodeMemoryStats(int cell);
    IReadOnlyList<NodeStat> NodeCpuStats(int cpu);
    IReadOnlyList<ulong> CellsFreeMemory(int startCell, int maxCells);
    ulong FreeMemory();

    /// <summary>NODE_GET_CPU_MAP: one flag per host CPU, true when online.</summary>
    IReadOnlyList<bool> CpuMap();

    /// <summary>The largest vCPU count a guest of the given type may have.</summary>
    int MaxVcpus(string? type);
}
