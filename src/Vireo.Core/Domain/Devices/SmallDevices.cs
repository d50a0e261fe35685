namespace Vireo.Core.Domain;

/// <summary>&lt;memballoon model autodeflate freePageReporting&gt; with &lt;stats period/&gt;.</summary>
public sealed record MemBalloonDef
{
    public required MemBalloonModel Model { get; init; }
    public OnOff? AutoDeflate { get; init; }
    public OnOff? FreePageReporting { get; init; }

    /// <summary>Seconds between guest memory statistics updates.</summary>
    public uint? StatsPeriod { get; init; }
    public string? Alias { get; init; }
    public DeviceAddress? Address { get; init; }
}

public enum MemBalloonModel { Virtio, None }

/// <summary>&lt;rng model='virtio'&gt;: a paravirtual random number generator.</summary>
public sealed record RngDef
{
    public RngModel Model { get; init; } = RngModel.Virtio;
    public required RngBackendDef Backend { get; init; }

    /// <summary>&lt;rate bytes period/&gt;: at most Bytes per Period milliseconds.</summary>
    public RngRateDef? Rate { get; init; }
    public string? Alias { get; init; }
    public DeviceAddress? Address { get; init; }
}

public enum RngModel { Virtio }

public enum RngBackendModel { Random, Egd }

/// <summary>
/// &lt;backend model='random'&gt;/dev/urandom&lt;/backend&gt;, or model='egd' with a character device
/// (EgdType, EgdSource, EgdProtocol).
/// </summary>
public sealed record RngBackendDef
{
    public required RngBackendModel Model { get; init; }
    public string? RandomDevice { get; init; }
    public CharType? EgdType { get; init; }
    public CharSourceDef? EgdSource { get; init; }
    public CharProtocol? EgdProtocol { get; init; }
}

public sealed record RngRateDef(uint Bytes, uint? Period = null);

/// <summary>&lt;panic model/&gt;: a device the guest uses to report a kernel panic.</summary>
public sealed record PanicDef
{
    public PanicModel? Model { get; init; }
    public string? Alias { get; init; }
    public DeviceAddress? Address { get; init; }
}

/// <summary>The panic models of libvirt 9.0's schema (pvpanic only arrived in later libvirt releases).</summary>
public enum PanicModel { Isa, Hyperv }

/// <summary>&lt;watchdog model action/&gt;.</summary>
public sealed record WatchdogDef
{
    public required WatchdogModel Model { get; init; }
    public WatchdogAction? Action { get; init; }
    public string? Alias { get; init; }
    public DeviceAddress? Address { get; init; }
}

/// <summary>The watchdog models of libvirt 9.0's schema (itco only arrived in later libvirt releases).</summary>
public enum WatchdogModel { I6300esb, Ib700, Diag288 }

public enum WatchdogAction { Reset, Shutdown, Poweroff, Pause, None, Dump, InjectNmi }
