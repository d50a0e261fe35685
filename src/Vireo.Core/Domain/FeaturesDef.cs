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
    public KvmFeaturesDef? Kvm { get; init; }

    /// <summary>&lt;capabilities policy&gt; (containers): Linux capabilities kept or dropped.</summary>
    public CapabilitiesDef? Capabilities { get; init; }
}

/// <summary>&lt;kvm&gt; children.</summary>
public sealed record KvmFeaturesDef(Toggle? Hidden = null);

/// <summary>&lt;capabilities policy='default|allow|deny'&gt; with one child per capability, e.g. &lt;sys_admin state='off'/&gt;.</summary>
public sealed record CapabilitiesDef
{
    public CapabilityPolicy? Policy { get; init; }
    public IReadOnlyList<CapabilityDef> Items { get; init => field = ValueList.From(value); } = ValueList<CapabilityDef>.Empty;
}

/// <summary>One capability by its lower-case name without the CAP_ prefix, e.g. "sys_admin".</summary>
public sealed record CapabilityDef(string Name, OnOff? State = null);

public enum CapabilityPolicy { Default, Allow, Deny }
