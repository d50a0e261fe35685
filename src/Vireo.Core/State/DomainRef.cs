namespace Vireo.Core.State;

/// <summary>
/// How clients name a domain (libvirt's remote_nonnull_domain): name, UUID, and the id that is -1 while
/// the domain is inactive. virsh decides "already active" from the id, so it must always be current.
/// </summary>
public readonly record struct DomainRef(string Name, Guid Uuid, int Id)
{
    public bool IsActive => Id != -1;
}
