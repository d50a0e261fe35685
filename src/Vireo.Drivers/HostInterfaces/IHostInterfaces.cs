using Vireo.Core.HostInterfaces;

namespace Vireo.Drivers.HostInterfaces;

/// <summary>
/// The host's network interfaces as libvirt's interface driver (its udev backend) serves them: read-only,
/// straight from the kernel. Lookups of an unknown name or MAC throw VIR_ERR_NO_INTERFACE.
/// </summary>
public interface IHostInterfaces
{
    /// <summary>listAllInterfaces: flags 0 or both for all, VIR_CONNECT_LIST_INTERFACES_ACTIVE (2) or _INACTIVE (1).</summary>
    IReadOnlyList<HostInterfaceRef> ListAll(uint flags);

    /// <summary>The old list calls' names: the active interfaces, or the "defined" (operstate down) ones.</summary>
    IReadOnlyList<string> Names(bool active);

    HostInterfaceRef LookupByName(string name);

    /// <summary>The one listed interface whose MAC matches (a pattern, as libudev matches it).</summary>
    HostInterfaceRef LookupByMac(string mac);

    /// <summary>The interface's XML; flags may only hold VIR_INTERFACE_XML_INACTIVE (1), which changes nothing.</summary>
    string GetXmlDesc(string name, uint flags);

    bool IsActive(string name);
}
