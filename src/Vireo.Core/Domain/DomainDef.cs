namespace Vireo.Core.Domain;

/// <summary>
/// A domain's configuration as libvirt's domain XML describes it. Immutable: a change makes a new
/// DomainDef (with-expressions). Runtime state lives in the driver's DomainObject, never here.
/// Optional parts are null when the XML leaves them out, so that parse then format gives the same
/// document back; DomainDefaults fills in what libvirt would fill in.
/// </summary>
public sealed record DomainDef
{
    /// <summary>The domain type attribute: "qemu", "kvm" or "lxc" (see DomainTypes).</summary>
    public required string Type { get; init; }
    public required string Name { get; init; }
    public required Guid Uuid { get; init; }

    /// <summary>&lt;genid&gt;: VM generation id; present with a null value means "generate one".</summary>
    public GenerationId? GenId { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }

    /// <summary>&lt;metadata&gt; children kept verbatim as XML text (each child with its namespace declaration).</summary>
    public string? Metadata { get; init; }

    public MaxMemoryDef? MaxMemory { get; init; }

    /// <summary>&lt;memory&gt;: the maximum memory at boot.</summary>
    public MemorySize? Memory { get; init; }

    /// <summary>&lt;currentMemory&gt;: the balloon target; DomainDefaults sets it to Memory when absent.</summary>
    public MemorySize? CurrentMemory { get; init; }
    public BlkioTuneDef? BlkioTune { get; init; }
    public MemTuneDef? MemTune { get; init; }
    public MemoryBackingDef? MemoryBacking { get; init; }
    public VcpuDef? Vcpu { get; init; }

    /// <summary>&lt;vcpus&gt;: the state of each vCPU (null when absent); one entry per vCPU up to the maximum once parsed.</summary>
    public IReadOnlyList<VcpuSlotDef>? VcpuSlots { get; init => field = value is null ? null : ValueList.From(value); }

    /// <summary>&lt;iothreads&gt;: how many IOThreads to create.</summary>
    public uint? IoThreads { get; init; }

    /// <summary>&lt;iothreadids&gt;: the IOThreads as written (null when absent); <see cref="IoThreadSet"/> gives every IOThread the domain has.</summary>
    public IReadOnlyList<IoThreadIdDef>? IoThreadIds { get; init => field = value is null ? null : ValueList.From(value); }
    public CpuTuneDef? CpuTune { get; init; }
    public NumaTuneDef? NumaTune { get; init; }
    public ResourceDef? Resource { get; init; }
    public OsDef Os { get; init; } = new();
    public IdMapDef? IdMap { get; init; }
    public FeaturesDef? Features { get; init; }
    public CpuDef? Cpu { get; init; }
    public ClockDef? Clock { get; init; }
    public LifecycleAction? OnPoweroff { get; init; }
    public LifecycleAction? OnReboot { get; init; }
    public LifecycleAction? OnCrash { get; init; }
    public PmDef? Pm { get; init; }

    /// <summary>&lt;perf&gt;: the host perf events counted for the guest.</summary>
    public PerfDef? Perf { get; init; }
    public DevicesDef Devices { get; init; } = new();

    public IReadOnlyList<SecLabelDef> SecLabels { get; init => field = ValueList.From(value); } = ValueList<SecLabelDef>.Empty;

    /// <summary>True for type='lxc'.</summary>
    public bool IsContainer => Type == DomainTypes.Lxc;
}

/// <summary>The domain types Vireo runs.</summary>
public static class DomainTypes
{
    public const string Qemu = "qemu";
    public const string Kvm = "kvm";
    public const string Lxc = "lxc";
    public static readonly IReadOnlyList<string> All = [Qemu, Kvm, Lxc];
}

/// <summary>&lt;genid&gt;: a null Value is written as an empty element and asks for a generated id.</summary>
public sealed record GenerationId(Guid? Value = null);

/// <summary>&lt;maxMemory slots='16' unit='KiB'&gt;: the ceiling for memory hotplug.</summary>
public sealed record MaxMemoryDef(MemorySize Size, uint? Slots = null);

/// <summary>&lt;vcpu placement cpuset current&gt;N&lt;/vcpu&gt;.</summary>
public sealed record VcpuDef
{
    /// <summary>The maximum number of vCPUs.</summary>
    public required uint Count { get; init; }

    /// <summary>The number online at boot; DomainDefaults sets it to Count when absent.</summary>
    public uint? Current { get; init; }
    public Placement? Placement { get; init; }
    public CpuSet? CpuSet { get; init; }
}

/// <summary>placement='static|auto' (vcpu, numatune memory).</summary>
public enum Placement { Static, Auto }

/// <summary>on_poweroff / on_reboot / on_crash actions.</summary>
public enum LifecycleAction { Destroy, Restart, Preserve, RenameRestart, CoredumpDestroy, CoredumpRestart }

/// <summary>&lt;pm&gt;: whether the guest may suspend to RAM or disk.</summary>
public sealed record PmDef(YesNo? SuspendToMem = null, YesNo? SuspendToDisk = null);

/// <summary>&lt;resource&gt;&lt;partition&gt;: the cgroup partition the domain is placed in.</summary>
public sealed record ResourceDef(string? Partition = null);

/// <summary>&lt;idmap&gt; (containers): user-namespace id mappings.</summary>
public sealed record IdMapDef
{
    public IReadOnlyList<IdMapEntry> Uids { get; init => field = ValueList.From(value); } = ValueList<IdMapEntry>.Empty;
    public IReadOnlyList<IdMapEntry> Gids { get; init => field = ValueList.From(value); } = ValueList<IdMapEntry>.Empty;
}

/// <summary>&lt;uid start target count/&gt;: container ids Start.. map to host ids Target..</summary>
public sealed record IdMapEntry(uint Start, uint Target, uint Count);

/// <summary>&lt;seclabel type model relabel&gt; with label, imagelabel, baselabel.</summary>
public sealed record SecLabelDef
{
    public SecLabelType? Type { get; init; }
    public string? Model { get; init; }
    public YesNo? Relabel { get; init; }
    public string? Label { get; init; }
    public string? ImageLabel { get; init; }
    public string? BaseLabel { get; init; }
}

public enum SecLabelType { Dynamic, Static, None }
