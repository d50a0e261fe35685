using Vireo.Core.NodeDevices;

namespace Vireo.Core.HostInterfaces;

/// <summary>
/// What the host reader saw of one network interface (an entry of /sys/class/net), before any libvirt rule
/// is applied: its sysfs device (path, uevent properties, the attribute files in <see cref="Attributes"/> that
/// exist, read raw without their trailing newline as libudev gives them), the entries of its directory the
/// udev interface backend lists (bridge ports, bond slaves), and /proc/net/vlan/NAME for a VLAN.
/// </summary>
public sealed record HostNetDevice(SysfsDevice Sysfs)
{
    /// <summary>The attributes libvirt 9.0's udev interface backend reads, relative to the device's directory.</summary>
    public static readonly IReadOnlyList<string> Attributes =
    [
        "address", "operstate", "mtu", "speed", "tun_flags", "brport/state",
        "bridge/forward_delay", "bridge/stp_state",
        "bonding/mode", "bonding/downdelay", "bonding/updelay", "bonding/miimon", "bonding/arp_interval",
        "bonding/arp_validate", "bonding/use_carrier", "bonding/arp_ip_target",
    ];

    /// <summary>The kernel's name of the interface (the last part of its sysfs path).</summary>
    public string Name => Sysfs.SysName;

    /// <summary>The device's own sysfs path ("/sys/devices/..."): libudev lists devices in this order.</summary>
    public string SysPath => Sysfs.SysPath;

    /// <summary>The uevent DEVTYPE (bridge, vlan, bond, wlan, ...), null for a plain ethernet device.</summary>
    public string? DevType => Sysfs.Property("DEVTYPE");

    /// <summary>The names in the device's brif/ directory (a bridge's ports); null when there is no such directory.</summary>
    public IReadOnlyList<string>? BridgePorts { get; init; }

    /// <summary>The device directory's entries whose name starts with "slave_" (how old kernels linked a bond's slaves).</summary>
    public IReadOnlyList<string> SlaveEntries { get; init; } = [];

    /// <summary>/proc/net/vlan/NAME as read for a VLAN (or a name with a dot); null when not read.</summary>
    public FileText? VlanProc { get; init; }

    /// <summary>An attribute's raw value; null when the file is absent or unreadable.</summary>
    public string? Attr(string name) => Sysfs.Attributes.TryGetValue(name, out var v) ? v : null;

    public bool Has(string name) => Sysfs.Attributes.ContainsKey(name);
}

/// <summary>A small file's text, or why it could not be read (strerror's words, e.g. "No such file or directory", and the errno).</summary>
public sealed record FileText(string Path, string? Text, string? Error = null, int Errno = 0);
