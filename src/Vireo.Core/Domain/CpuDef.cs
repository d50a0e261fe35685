namespace Vireo.Core.Domain;

/// <summary>&lt;cpu&gt;: the guest CPU model, topology, features and NUMA cells.</summary>
public sealed record CpuDef
{
    public CpuMode? Mode { get; init; }
    public CpuMatch? Match { get; init; }
    public CpuCheck? Check { get; init; }
    public OnOff? Migratable { get; init; }
    public CpuModelDef? Model { get; init; }
    public string? Vendor { get; init; }
    public CpuTopologyDef? Topology { get; init; }
    public IReadOnlyList<CpuFeatureDef> Features { get; init => field = ValueList.From(value); } = ValueList<CpuFeatureDef>.Empty;

    /// <summary>&lt;numa&gt; cells; empty when the guest has no NUMA topology.</summary>
    public IReadOnlyList<NumaCellDef> NumaCells { get; init => field = ValueList.From(value); } = ValueList<NumaCellDef>.Empty;
}

public enum CpuMode { Custom, HostModel, HostPassthrough, Maximum }

public enum CpuMatch { Minimum, Exact, Strict }

public enum CpuCheck { None, Partial, Full }

public enum CpuFallback { Allow, Forbid }

public enum CpuFeaturePolicy { Force, Require, Optional, Disable, Forbid }

/// <summary>&lt;model fallback&gt;name&lt;/model&gt;.</summary>
public sealed record CpuModelDef(string? Name, CpuFallback? Fallback = null);

/// <summary>&lt;topology sockets dies clusters cores threads/&gt;.</summary>
public sealed record CpuTopologyDef
{
    public required uint Sockets { get; init; }
    public uint? Dies { get; init; }
    /// <summary>Not in libvirt 9.0's schema, so never parsed or formatted; DomainValidator refuses it when set.</summary>
    public uint? Clusters { get; init; }
    public required uint Cores { get; init; }
    public required uint Threads { get; init; }
}

/// <summary>&lt;feature policy name/&gt;.</summary>
public sealed record CpuFeatureDef(string Name, CpuFeaturePolicy? Policy = null);

/// <summary>&lt;cell id cpus memory unit memAccess discard&gt; with &lt;distances&gt;.</summary>
public sealed record NumaCellDef
{
    public uint? Id { get; init; }
    public CpuSet? Cpus { get; init; }
    public required MemorySize Memory { get; init; }
    public MemoryAccessMode? MemAccess { get; init; }
    public YesNo? Discard { get; init; }
    public IReadOnlyList<NumaDistanceDef> Distances { get; init => field = ValueList.From(value); } = ValueList<NumaDistanceDef>.Empty;
}

/// <summary>&lt;sibling id value/&gt;.</summary>
public sealed record NumaDistanceDef(uint Id, uint Value);
