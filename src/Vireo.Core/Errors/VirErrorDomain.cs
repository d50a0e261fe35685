namespace Vireo.Core.Errors;

/// <summary>libvirt's virErrorDomain (where an error comes from). Clients print a name for each.</summary>
public enum VirErrorDomain
{
    None = 0,
    Xml = 5,
    Dom = 6,
    Rpc = 7,
    Conf = 9,
    Qemu = 10,
    Remote = 13,
    Lxc = 17,
    Storage = 18,
    Network = 19,
    Domain = 20,
    NodeDev = 22,
    Security = 24,
    Interface = 26,
    Cpu = 31,
    Secret = 30,
    DomainSnapshot = 35,
    Streams = 38,
    Event = 40,
    Capabilities = 44,
    Uri = 45,
    Cgroup = 54,
    DomainCheckpoint = 69,
}
