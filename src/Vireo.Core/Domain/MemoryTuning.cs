namespace Vireo.Core.Domain;

/// <summary>&lt;memtune&gt;: cgroup memory limits.</summary>
public sealed record MemTuneDef
{
    public MemorySize? HardLimit { get; init; }
    public MemorySize? SoftLimit { get; init; }
    public MemorySize? SwapHardLimit { get; init; }
    public MemorySize? MinGuarantee { get; init; }
}

/// <summary>&lt;memoryBacking&gt;: how guest RAM is backed on the host.</summary>
public sealed record MemoryBackingDef
{
    /// <summary>Null when &lt;hugepages&gt; is absent; an empty list for a bare &lt;hugepages/&gt;.</summary>
    public IReadOnlyList<HugePageDef>? HugePages { get; init => field = value is null ? null : ValueList.From(value); }
    public bool NoSharePages { get; init; }
    public bool Locked { get; init; }
    public MemorySourceType? SourceType { get; init; }
    public MemoryAccessMode? AccessMode { get; init; }
    public MemoryAllocationMode? AllocationMode { get; init; }
    public bool Discard { get; init; }
}

/// <summary>&lt;page size unit nodeset/&gt; inside &lt;hugepages&gt;.</summary>
public sealed record HugePageDef(MemorySize Size, NodeSet? Nodeset = null);

public enum MemorySourceType { File, Anonymous, Memfd }

/// <summary>Shared or private mapping (memoryBacking access, numa cell memAccess).</summary>
public enum MemoryAccessMode { Shared, Private }

public enum MemoryAllocationMode { Immediate, Ondemand }

/// <summary>&lt;blkiotune&gt;: cgroup block I/O weights and throttles.</summary>
public sealed record BlkioTuneDef
{
    public uint? Weight { get; init; }
    public IReadOnlyList<BlkioDeviceDef> Devices { get; init => field = ValueList.From(value); } = ValueList<BlkioDeviceDef>.Empty;
}

/// <summary>&lt;device&gt; inside &lt;blkiotune&gt;: per host block device settings.</summary>
public sealed record BlkioDeviceDef
{
    public required string Path { get; init; }
    public uint? Weight { get; init; }
    public ulong? ReadIopsSec { get; init; }
    public ulong? WriteIopsSec { get; init; }
    public ulong? ReadBytesSec { get; init; }
    public ulong? WriteBytesSec { get; init; }
}
