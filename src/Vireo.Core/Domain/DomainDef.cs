namespace Vireo.Core.Domain;

/// <summary>
/// A domain's configuration as libvirt's domain XML describes it. Immutable: a change makes a new
/// DomainDef (with-expressions). Runtime state lives in the driver's DomainObject, never here.
/// </summary>
public sealed record DomainDef
{
    /// <summary>The domain type attribute: "qemu", "kvm" or "lxc".</summary>
    public required string Type { get; init; }
    public required string Name { get; init; }
    public required Guid Uuid { get; init; }
}
