namespace Vireo.Core.Capabilities;

/// <summary>
/// libvirt's &lt;domainCapabilities&gt; (CONNECT_GET_DOMAIN_CAPABILITIES, `virsh domcapabilities`): what a
/// domain of one type, emulator, architecture and machine may use. Pure data, written by
/// <see cref="DomainCapabilitiesXml"/> following domaincaps.rng.
/// </summary>
public sealed record DomainCapabilities
{
    public required string EmulatorPath { get; init; }

    /// <summary>"qemu" or "kvm".</summary>
    public required string DomainType { get; init; }
    public string? Machine { get; init; }
    public required string Arch { get; init; }
    public int? MaxVcpus { get; init; }
    public bool? IoThreads { get; init; }
    public CapabilityGroup? Os { get; init; }

    /// <summary>&lt;os&gt;&lt;loader&gt;: firmware images (values) and enums (type, readonly, secure).</summary>
    public LoaderCapability? Loader { get; init; }
    public CpuModes? Cpu { get; init; }
    public CapabilityGroup? MemoryBacking { get; init; }

    /// <summary>&lt;devices&gt; children in libvirt's order (disk, graphics, video, hostdev, rng, filesystem, tpm, redirdev, channel).</summary>
    public IReadOnlyList<NamedCapability> Devices { get; init; } = [];

    /// <summary>&lt;features&gt; children that only say supported yes/no (vmcoreinfo, genid, backingStoreInput, backup, sev, ...).</summary>
    public IReadOnlyList<NamedCapability> Features { get; init; } = [];
}

/// <summary>supported='yes|no' plus &lt;enum name&gt;&lt;value/&gt;... lists.</summary>
public sealed record CapabilityGroup(bool Supported, IReadOnlyList<CapabilityEnum> Enums)
{
    public static CapabilityGroup No { get; } = new(false, []);
}

public sealed record CapabilityEnum(string Name, IReadOnlyList<string> Values);

/// <summary>An element by name with its supported flag and enums (a device kind or a feature).</summary>
public sealed record NamedCapability(string Name, bool Supported, IReadOnlyList<CapabilityEnum> Enums)
{
    public NamedCapability(string name, bool supported) : this(name, supported, []) { }
}

public sealed record LoaderCapability(bool Supported, IReadOnlyList<string> Paths, IReadOnlyList<CapabilityEnum> Enums);

/// <summary>The four CPU modes: host-passthrough, maximum, host-model (with its model) and custom (named models).</summary>
public sealed record CpuModes
{
    public bool HostPassthrough { get; init; }
    public bool Maximum { get; init; }
    public bool HostModel { get; init; }
    public string? HostModelName { get; init; }
    public string? HostModelVendor { get; init; }
    public bool Custom { get; init; }
    public IReadOnlyList<CpuModelCapability> CustomModels { get; init; } = [];
}

/// <summary>A named CPU model: usable 'yes'|'no'|'unknown', and its vendor ("Intel", "AMD", or "unknown").</summary>
public sealed record CpuModelCapability(string Name, string Usable, string Vendor, bool Deprecated = false);
