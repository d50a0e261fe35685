namespace Vireo.IntegrationTests.HostInterfaces;

/// <summary>
/// The tests that make interfaces in the host's namespace and compare whole listings: they run one at a time and
/// apart from every other test, so no test sees another's interfaces come and go between two of its reads.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostInterfaceCollection
{
    public const string Name = "host interfaces";
}
