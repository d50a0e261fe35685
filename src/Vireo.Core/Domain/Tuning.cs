namespace Vireo.Core.Domain;

/// <summary>&lt;numatune&gt;: host NUMA memory policy for the guest and per guest cell.</summary>
public sealed record NumaTuneDef
{
    public NumaMemoryDef? Memory { get; init; }
    public IReadOnlyList<NumaMemNodeDef> MemNodes { get; init => field = ValueList.From(value); } = ValueList<NumaMemNodeDef>.Empty;
}

public enum NumaMode { Strict, Preferred, Interleave, Restrictive }

/// <summary>&lt;memory mode nodeset placement/&gt; inside &lt;numatune&gt;.</summary>
public sealed record NumaMemoryDef(NumaMode? Mode = null, NodeSet? Nodeset = null, Placement? Placement = null);

/// <summary>&lt;memnode cellid mode nodeset/&gt;.</summary>
public sealed record NumaMemNodeDef(uint CellId, NumaMode? Mode, NodeSet? Nodeset);

/// <summary>&lt;cputune&gt;: CPU shares, bandwidth and pinning.</summary>
public sealed record CpuTuneDef
{
    public ulong? Shares { get; init; }
    public ulong? Period { get; init; }
    public long? Quota { get; init; }
    public ulong? GlobalPeriod { get; init; }
    public long? GlobalQuota { get; init; }
    public ulong? EmulatorPeriod { get; init; }
    public long? EmulatorQuota { get; init; }
    public ulong? IoThreadPeriod { get; init; }
    public long? IoThreadQuota { get; init; }
    public IReadOnlyList<VcpuPinDef> VcpuPins { get; init => field = ValueList.From(value); } = ValueList<VcpuPinDef>.Empty;
    public CpuSet? EmulatorPin { get; init; }
    public IReadOnlyList<IoThreadPinDef> IoThreadPins { get; init => field = ValueList.From(value); } = ValueList<IoThreadPinDef>.Empty;
    public IReadOnlyList<VcpuSchedDef> VcpuScheds { get; init => field = ValueList.From(value); } = ValueList<VcpuSchedDef>.Empty;
}

/// <summary>&lt;vcpupin vcpu cpuset/&gt;.</summary>
public sealed record VcpuPinDef(uint Vcpu, CpuSet CpuSet);

/// <summary>&lt;iothreadpin iothread cpuset/&gt;.</summary>
public sealed record IoThreadPinDef(uint IoThread, CpuSet CpuSet);

/// <summary>&lt;vcpusched vcpus scheduler priority/&gt;.</summary>
public sealed record VcpuSchedDef(CpuSet? Vcpus, VcpuScheduler Scheduler, int? Priority = null);

public enum VcpuScheduler { Batch, Idle, Fifo, Rr }
