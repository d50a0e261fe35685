using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Xml;

namespace Vireo.Core.Checkpoints;

/// <summary>
/// The copy of a running domain's definition a checkpoint keeps, as libvirt 9.0 makes it: the live definition
/// written for migration and read back. So what belongs to this run of QEMU goes (device aliases other than
/// user ones "ua-*", pty paths, the console's tty), the default USB and PCI root controllers a migratable
/// definition leaves out come back after the other controllers (where reading the definition adds them),
/// and each disk's chain ends in &lt;backingStore/&gt; as in the live definition (<see cref="Reread"/>). Pure.
/// </summary>
public static class MomentDomainCopy
{
    public static DomainDef Of(DomainDef live)
    {
        var root = XElement.Parse(DomainXml.Format(live, new DomainXmlFormatOptions { Secure = true }));
        foreach (var alias in root.Descendants("alias").Where(a => !((string?)a.Attribute("name") ?? "").StartsWith("ua-", StringComparison.Ordinal)).ToList())
            RemoveLeavingEmpty(alias);
        foreach (var chr in root.Element("devices")?.Elements().Where(e => e.Name.LocalName is "serial" or "console" or "parallel" or "channel" && (string?)e.Attribute("type") == "pty") ?? [])
        {
            chr.Elements("source").Where(s => s.Attribute("path") is not null).ToList().ForEach(s => s.Remove());
            chr.Attribute("tty")?.Remove();
        }
        // A virtio channel's socket path is one libvirt made for this run (the agent's), as is its state.
        foreach (var channel in root.Element("devices")?.Elements("channel").Where(c => (string?)c.Attribute("type") == "unix" && (string?)c.Element("target")?.Attribute("type") == "virtio") ?? [])
        {
            channel.Elements("source").Where(s => (string?)s.Attribute("mode") == "bind").ToList().ForEach(s => s.Remove());
            channel.Element("target")?.Attribute("state")?.Remove();
        }
        // A dynamic security label is the one this run was given.
        root.Elements("seclabel").Where(l => (string?)l.Attribute("type") == "dynamic").ToList().ForEach(l => l.Remove());
        // The node indexes of a disk's chain (source index='2') number this run's block nodes.
        foreach (var disk in root.Element("devices")?.Elements("disk") ?? [])
            foreach (var e in disk.DescendantsAndSelf().Where(e => e.Name.LocalName is "source" or "backingStore"))
                e.Attribute("index")?.Remove();
        if (root.Element("devices") is { } devices)
            MoveDefaultControllersLast(devices);
        var copy = DomainXml.Parse(root.ToString(SaveOptions.DisableFormatting));
        return copy with
        {
            Devices = copy.Devices with
            {
                Disks = copy.Devices.Disks.Select(Reread).ToList(),
            },
        };
    }

    /// <summary>
    /// What reading the copy back gives a disk: a chain ending in &lt;backingStore/&gt;, and for a drive without a
    /// medium (an empty CD-ROM) the raw format libvirt assumes for it.
    /// </summary>
    private static DiskDef Reread(DiskDef d) => d.Source is not null
        ? d.BackingStore is null ? d with { BackingStore = BackingStoreDef.End } : d
        : d.Driver is { Format: null } driver ? d with { Driver = driver with { Format = DiskFormat.Raw } } : d;

    /// <summary>Removes the element; a parent left with no content is written as an empty element, as libvirt writes it.</summary>
    private static void RemoveLeavingEmpty(XElement e)
    {
        var parent = e.Parent;
        e.Remove();
        if (parent is not null && !parent.Nodes().OfType<XElement>().Any() && string.IsNullOrWhiteSpace(parent.Value))
            parent.RemoveNodes();
    }

    private static void MoveDefaultControllersLast(XElement devices)
    {
        var defaults = devices.Elements("controller").Where(c =>
            ((string?)c.Attribute("type") == "usb" && (string?)c.Attribute("index") == "0") ||
            ((string?)c.Attribute("type") == "pci" && (string?)c.Attribute("model") == "pci-root")).ToList();
        var others = devices.Elements("controller").Except(defaults).ToList();
        if (others.Count == 0 || defaults.Count == 0) return;
        foreach (var c in defaults) c.Remove();
        others[^1].AddAfterSelf(defaults);
    }
}
