namespace Vireo.Core.HostInterfaces;

/// <summary>virInterfaceType, named as the XML's type attribute.</summary>
public enum HostInterfaceType { Ethernet, Bridge, Bond, Vlan }

/// <summary>
/// One host interface as libvirt 9.0's udev interface backend describes it (virInterfaceDef, the part that
/// backend fills): name, MAC, MTU, link, and the bridge's ports, bond's slaves or VLAN's tag and device.
/// Ports and slaves are themselves whole definitions.
/// </summary>
public sealed record HostInterfaceDef(HostInterfaceType Type, string Name, string? Mac, uint Mtu, NetLink Link)
{
    public HostBridge? Bridge { get; init; }
    public HostBond? Bond { get; init; }
    public HostVlan? Vlan { get; init; }
}

/// <summary>A bridge: STP (-1 unknown, 0 off, 1 on), forward delay as sysfs gives it (centiseconds), ports in name order.</summary>
public sealed record HostBridge(int Stp, string Delay, IReadOnlyList<HostInterfaceDef> Ports);

/// <summary>How a bond watches its slaves' links: MII (miimon &gt; 0) or ARP (arp_interval &gt; 0, which wins).</summary>
public enum BondMonitor { None, Mii, Arp }

/// <summary>
/// A bond as sysfs describes it: the kernel's mode number (0 balance-rr ... 6 balance-alb), the monitor and its
/// settings (miimon frequency, up/down delays, use_carrier; or arp_interval, arp_ip_target, arp_validate's
/// number), and its slaves.
/// </summary>
public sealed record HostBond(
    int Mode, BondMonitor Monitor, int Frequency, int DownDelay, int UpDelay, int UseCarrier,
    int ArpInterval, string ArpTarget, int ArpValidate, IReadOnlyList<HostInterfaceDef> Slaves);

/// <summary>A VLAN: its tag and the device it sits on, as /proc/net/vlan/NAME gives them.</summary>
public sealed record HostVlan(string Tag, string Device);
