using Vireo.Core.HostInterfaces;

namespace Vireo.Drivers.HostInterfaces;

/// <summary><see cref="IHostInterfaces"/> over the host's sysfs: libvirt's rules (<see cref="HostInterfaceCalls"/>) over <see cref="NetSysfsScanner"/>.</summary>
public sealed class HostInterfaces(NetSysfsScanner scanner) : IHostInterfaces
{
    private readonly HostInterfaceCalls _calls = new(scanner.ScanAll, scanner.Read);

    public static HostInterfaces ForHost() => new(new NetSysfsScanner());

    public IReadOnlyList<HostInterfaceRef> ListAll(uint flags) => _calls.ListAll(flags);
    public IReadOnlyList<string> Names(bool active) => _calls.Names(active);
    public HostInterfaceRef LookupByName(string name) => _calls.LookupByName(name);
    public HostInterfaceRef LookupByMac(string mac) => _calls.LookupByMac(mac);
    public string GetXmlDesc(string name, uint flags) => _calls.GetXmlDesc(name, flags);
    public bool IsActive(string name) => _calls.IsActive(name);
}
