namespace Vireo.Qemu.Cpu;

/// <summary>
/// Whether a &lt;cpu&gt; describes a host CPU (it has an &lt;arch&gt;: from &lt;capabilities&gt;, features without
/// policies) or a guest CPU (a domain's &lt;cpu&gt;: match, mode, features with policies), as libvirt tells them apart.
/// </summary>
public enum CpuDefinitionType { Host, Guest }

/// <summary>A guest CPU feature's policy (libvirt's order).</summary>
public enum CpuFeaturePolicy { Force, Require, Optional, Disable, Forbid }

/// <summary>A named feature of a &lt;cpu&gt;; a host CPU's features have no policy (null).</summary>
public sealed record CpuFeatureRequest(string Name, CpuFeaturePolicy? Policy);

/// <summary>
/// A &lt;cpu&gt; given to cpu-compare or cpu-baseline: the parts those calls read (architecture, model, vendor,
/// match and features). Pure data; <see cref="CpuDefinitionXml"/> reads and writes it.
/// </summary>
public sealed record CpuDefinition(
    CpuDefinitionType Type,
    string? Arch,
    string? Model,
    string? Vendor,
    string Match,
    IReadOnlyList<CpuFeatureRequest> Features);
