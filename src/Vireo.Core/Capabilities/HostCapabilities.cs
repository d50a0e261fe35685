namespace Vireo.Core.Capabilities;

/// <summary>
/// libvirt's &lt;capabilities&gt; document (CONNECT_GET_CAPABILITIES, `virsh capabilities`): the host
/// and the guest kinds this driver can run. Pure data: the driver fills it from host facts and the
/// emulator's probe; <see cref="CapabilitiesXml"/> writes it.
/// </summary>
public sealed record HostCapabilities
{
    public required HostDescription Host { get; init; }
    public IReadOnlyList<GuestCapability> Guests { get; init; } = [];
}

public sealed record HostDescription
{
    public Guid? Uuid { get; init; }
    public required HostCpu Cpu { get; init; }

    /// <summary>&lt;power_management&gt; entries: "suspend_mem", "suspend_disk", "suspend_hybrid".</summary>
    public IReadOnlyList<string> PowerManagement { get; init; } = [];
    public bool? IommuSupport { get; init; }
    public bool LiveMigration { get; init; }
    public IReadOnlyList<string> MigrationTransports { get; init; } = [];

    /// <summary>NUMA cells; empty leaves out &lt;topology&gt;.</summary>
    public IReadOnlyList<NumaCell> Cells { get; init; } = [];
    public IReadOnlyList<SecurityModel> SecurityModels { get; init; } = [];

    /// <summary>
    /// The loaded KVM module's pause-loop-exiting settings, when it exposes them. libvirt's schema has no
    /// element for them, so the XML carries them as a comment; the model is what API users read.
    /// </summary>
    public PauseLoopExiting? PauseLoopExiting { get; init; }
}

/// <summary>&lt;host&gt;&lt;cpu&gt;: architecture, model, vendor, microcode, signature, topology, address width, features and page sizes.</summary>
public sealed record HostCpu
{
    public required string Arch { get; init; }
    public string? Model { get; init; }
    public string? Vendor { get; init; }
    public uint? Microcode { get; init; }
    public CpuSignature? Signature { get; init; }
    public CpuTopology? Topology { get; init; }

    /// <summary>&lt;maxphysaddr mode='emulate' bits/&gt;: the host's physical address width.</summary>
    public int? MaxPhysAddrBits { get; init; }
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>Page sizes in KiB (4, 2048, 1048576).</summary>
    public IReadOnlyList<ulong> PageSizesKiB { get; init; } = [];
}

/// <summary>&lt;signature family model stepping/&gt; of an x86 CPU.</summary>
public sealed record CpuSignature(uint Family, uint Model, uint Stepping);

public sealed record CpuTopology(int Sockets, int Dies, int Cores, int Threads);

/// <summary>One NUMA cell: memory, free pages per size, distances to every cell, and its CPUs.</summary>
public sealed record NumaCell
{
    public required int Id { get; init; }
    public ulong? MemoryKiB { get; init; }

    /// <summary>(page size KiB, page count) pairs.</summary>
    public IReadOnlyList<(ulong SizeKiB, ulong Count)> Pages { get; init; } = [];

    /// <summary>(sibling cell id, distance) pairs; empty leaves out &lt;distances&gt;.</summary>
    public IReadOnlyList<(int Sibling, int Value)> Distances { get; init; } = [];
    public IReadOnlyList<NumaCpu> Cpus { get; init; } = [];
}

/// <summary>&lt;cpu id socket_id die_id core_id siblings/&gt;; the location is written only when all of it is known.</summary>
public sealed record NumaCpu(int Id, int? SocketId = null, int? DieId = null, int? CoreId = null, string? Siblings = null);

/// <summary>&lt;secmodel&gt;: model, doi and base labels per domain type.</summary>
public sealed record SecurityModel(string Model, string Doi, IReadOnlyList<(string Type, string Label)> BaseLabels);

/// <summary>
/// KVM's pause-loop exiting: Intel's ple_gap/ple_window (kvm_intel) or AMD's pause filter
/// count/threshold (kvm_amd). Null fields were not exposed by the module.
/// </summary>
public sealed record PauseLoopExiting(string Module, long? PleGap, long? PleWindow, long? PauseFilterCount, long? PauseFilterThreshold);

/// <summary>&lt;guest&gt;: one OS type + architecture and the domain types (qemu, kvm, lxc) that run it.</summary>
public sealed record GuestCapability
{
    /// <summary>"hvm" for virtual machines, "exe" for containers.</summary>
    public required string OsType { get; init; }
    public required string Arch { get; init; }
    public required int WordSize { get; init; }
    public string? Emulator { get; init; }
    public IReadOnlyList<MachineType> Machines { get; init; } = [];

    /// <summary>Domain types this guest runs under ("qemu", and "kvm" only where KVM is usable).</summary>
    public IReadOnlyList<string> DomainTypes { get; init; } = [];
    public IReadOnlyList<GuestFeature> Features { get; init; } = [];
}

/// <summary>&lt;machine canonical maxCpus deprecated&gt;name&lt;/machine&gt;.</summary>
public sealed record MachineType(string Name, string? Canonical = null, int? MaxCpus = null, bool Deprecated = false);

/// <summary>A guest feature: plain (&lt;pae/&gt;) or toggleable (&lt;acpi default='on' toggle='yes'/&gt;).</summary>
public sealed record GuestFeature(string Name, bool? DefaultOn = null, bool? Toggle = null);
