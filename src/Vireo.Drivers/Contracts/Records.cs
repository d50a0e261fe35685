using Vireo.Core.State;

namespace Vireo.Drivers.Contracts;

/// <summary>One row of a domain listing, read from memory without waiting for any job.</summary>
public sealed record DomainSummary(
    DomainRef Ref,
    StateWithReason State,
    bool Persistent,
    bool Autostart,
    int SnapshotCount,
    bool HasManagedSave = false,
    int CheckpointCount = 0);

/// <summary>virDomainControlState: whether the driver can talk to the domain now, or what keeps it busy.</summary>
public enum DomainControlState { Ok = 0, Job = 1, Occupied = 2, Error = 3 }

/// <summary>virDomainControlInfo (DOMAIN_GET_CONTROL_INFO): the state and how long it has lasted, in milliseconds.</summary>
public sealed record DomainControlInfo(DomainControlState State, uint Details, ulong StateTimeMs);

/// <summary>virDomainInfo (DOMAIN_GET_INFO): memory in KiB, cpu time in nanoseconds.</summary>
public sealed record DomainInfo(DomainState State, ulong MaxMemKiB, ulong MemoryKiB, int VirtCpus, ulong CpuTimeNs);

/// <summary>virNodeInfo (NODE_GET_INFO).</summary>
public sealed record NodeInfo(string Model, ulong MemoryKiB, int Cpus, int Mhz, int Nodes, int Sockets, int Cores, int Threads);

/// <summary>virVcpuInfo: one vCPU of a running domain.</summary>
public sealed record VcpuInfo(int Number, int State, ulong CpuTimeNs, int Cpu);

/// <summary>virDomainBlockStatsStruct; -1 where a counter is unknown.</summary>
/// <summary>
/// A disk's I/O counters. Errs is -1 where the hypervisor does not count errors (QEMU); the flush count and
/// the total times (ns) are there when the hypervisor reports them, as QEMU does.
/// </summary>
public sealed record BlockStats(long RdReq, long RdBytes, long WrReq, long WrBytes, long Errs,
    long? FlushReq = null, long? RdTotalTimes = null, long? WrTotalTimes = null, long? FlushTotalTimes = null);

/// <summary>virDomainInterfaceStatsStruct; -1 where a counter is unknown.</summary>
public sealed record InterfaceStats(long RxBytes, long RxPackets, long RxErrs, long RxDrop, long TxBytes, long TxPackets, long TxErrs, long TxDrop);

/// <summary>One name/value pair of node memory or CPU statistics (virNodeMemoryStats / virNodeCPUStats).</summary>
public sealed record NodeStat(string Field, ulong Value);
