namespace Vireo.Core.NodeDevices;

/// <summary>
/// What the host reader saw of one kernel device, before any libvirt rule is applied: its sysfs path, the
/// properties libudev would report (the kernel's uevent file, plus udevd's database entry when udevd runs),
/// the attribute files in <see cref="NodeDeviceRules.WantedAttributes"/> that exist, and the few facts that
/// need more than a file read (ethtool features, the PCI config space, the IOMMU group).
/// </summary>
public sealed record SysfsDevice(
    string SysPath,
    string? Subsystem,
    IReadOnlyDictionary<string, string> Properties,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Symlinks udevd made for the device node (its database's S: lines), as absolute paths.</summary>
    public IReadOnlyList<string> DevLinks { get; init; } = [];

    /// <summary>Features ethtool reports for a net device, by libvirt's names (rx, tx, sg, ...), in libvirt's order.</summary>
    public IReadOnlyList<string> NetFeatures { get; init; } = [];

    /// <summary>The first bytes of a PCI device's config space (null: unreadable).</summary>
    public byte[]? PciConfig { get; init; }

    /// <summary>A PCI device's IOMMU group and its members' addresses (sysfs names, "0000:00:1f.0"); null: none.</summary>
    public IommuGroup? Iommu { get; init; }

    public string SysName => SysPath[(SysPath.TrimEnd('/').LastIndexOf('/') + 1)..];

    public string? Property(string key) => Properties.TryGetValue(key, out var v) ? v : null;

    /// <summary>An attribute as libvirt's udevGetStringSysfsAttr reads it: control characters dropped, empty = absent.</summary>
    public string? Attribute(string name)
    {
        if (!Attributes.TryGetValue(name, out var v)) return null;
        var clean = new string(v.Where(c => !char.IsControl(c)).ToArray());
        return clean.Length == 0 ? null : clean;
    }
}

/// <summary>An IOMMU group: its number and the PCI addresses in it.</summary>
public sealed record IommuGroup(int Number, IReadOnlyList<string> Members);

/// <summary>The DMI facts libvirt shows in the "computer" device (null when the host has no DMI, as in many VMs).</summary>
public sealed record HostDmi(
    string? ProductName, string? SysVendor, string? ProductVersion, string? ProductSerial, string? ProductUuid,
    string? BiosVendor, string? BiosVersion, string? BiosDate);
