namespace Vireo.Core.State;

/// <summary>
/// A definition libvirt keys by name and uuid (a network, a storage pool): what the generic persistence and
/// runtime code needs to know of it to store it, find it and report it.
/// </summary>
public interface INamedDefinition
{
    string Name { get; }
    Guid Uuid { get; }
}
