namespace Vireo.Core.Domain;

/// <summary>
/// &lt;features&gt;: hypervisor features switched on for the guest. Each is null when absent. Features not
/// listed here are refused at parse time rather than dropped.
/// </summary>
public sealed record FeaturesDef
{
    public Toggle? Acpi { get; init; }
    public Toggle? Apic { get; init; }
    public Toggle? Pae { get; init; }
    public Toggle? Hap { get; init; }
    public Toggle? Pmu { get; init; }
    public Toggle? Vmport { get; init; }
    public Toggle? Smm { get; init; }
    public Toggle? VmCoreInfo { get; init; }

    /// <summary>&lt;privnet/&gt; (containers): give the container a private network namespace even without interfaces.</summary>
    public Toggle? PrivNet { get; init; }

    /// <summary>&lt;kvm&gt;&lt;hidden state/&gt;&lt;/kvm&gt;: null when &lt;kvm&gt; is absent.</summary>
    public HyperVDef? HyperV { get; init; }

    public KvmFeaturesDef? Kvm { get; init; }

    /// <summary>&lt;capabilities policy&gt; (containers): Linux capabilities kept or dropped.</summary>
    public CapabilitiesDef? Capabilities { get; init; }
}

/// <summary>&lt;kvm&gt; children.</summary>
public sealed record KvmFeaturesDef(Toggle? Hidden = null);

/// <summary>&lt;hyperv mode&gt;: Hyper-V enlightenments for Windows guests, one entry per child element.</summary>
public sealed record HyperVDef
{
    public HyperVMode Mode { get; init; } = HyperVMode.Custom;
    public IReadOnlyList<HyperVFeatureDef> Features { get; init => field = ValueList.From(value); } = ValueList<HyperVFeatureDef>.Empty;
}

public enum HyperVMode { Custom, Passthrough }

/// <summary>
/// One enlightenment, e.g. &lt;spinlocks state='on' retries='8191'/&gt;: Retries only for spinlocks, Value only for
/// vendor_id, Direct (&lt;direct state&gt;) only for stimer.
/// </summary>
public sealed record HyperVFeatureDef(string Name, OnOff State, uint? Retries = null, string? Value = null, OnOff? Direct = null);

/// <summary>The enlightenments of libvirt 9.0's schema, in the order libvirt writes them.</summary>
public static class HyperVFeatureNames
{
    public static readonly IReadOnlyList<string> All =
    [
        "relaxed", "vapic", "spinlocks", "vpindex", "runtime", "synic", "stimer", "reset", "vendor_id", "frequencies",
        "reenlightenment", "tlbflush", "ipi", "evmcs",
    ];
}

/// <summary>&lt;capabilities policy='default|allow|deny'&gt; with one child per capability, e.g. &lt;sys_admin state='off'/&gt;.</summary>
public sealed record CapabilitiesDef
{
    public CapabilityPolicy? Policy { get; init; }
    public IReadOnlyList<CapabilityDef> Items { get; init => field = ValueList.From(value); } = ValueList<CapabilityDef>.Empty;
}

/// <summary>One capability by its lower-case name without the CAP_ prefix, e.g. "sys_admin".</summary>
public sealed record CapabilityDef(string Name, OnOff? State = null);

public enum CapabilityPolicy { Default, Allow, Deny }

/// <summary>The capability element names &lt;features&gt;&lt;capabilities&gt; accepts.</summary>
public static class CapabilityNames
{
    /// <summary>Linux capability names as libvirt spells them in &lt;capabilities&gt; (lower case, no CAP_ prefix).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "audit_control", "audit_write", "block_suspend", "chown", "dac_override", "dac_read_search", "fowner", "fsetid",
        "ipc_lock", "ipc_owner", "kill", "lease", "linux_immutable", "mac_admin", "mac_override", "mknod", "net_admin",
        "net_bind_service", "net_broadcast", "net_raw", "setgid", "setfcap", "setpcap", "setuid", "sys_admin", "sys_boot",
        "sys_chroot", "sys_module", "sys_nice", "sys_pacct", "sys_ptrace", "sys_rawio", "sys_resource", "sys_time",
        "sys_tty_config", "syslog", "wake_alarm",
    ];
}
