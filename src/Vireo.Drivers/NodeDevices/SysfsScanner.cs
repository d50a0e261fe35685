using Vireo.Core.NodeDevices;
using Vireo.Platform.Network;
using static Vireo.Platform.Files.SysfsFiles;

namespace Vireo.Drivers.NodeDevices;

/// <summary>
/// Reads the host's devices the way libudev enumerates them for libvirt: every device under
/// /sys/bus/*/devices and /sys/class/*, its uevent properties, udevd's database entry when there is one
/// (/run/udev/data), and, for the devices libvirt would list, the attributes the translation needs. The
/// sysfs and udev roots are parameters so tests can point it at a fake tree; paths it reports always read
/// "/sys/...", as libvirt prints them. Net features come from <paramref name="netFeatures"/> (default: the
/// ethtool ioctl on the live interface).
/// </summary>
public sealed class SysfsScanner(string sysRoot = "/sys", string udevDataRoot = "/run/udev/data", Func<string, IReadOnlyList<string>>? netFeatures = null)
{
    private readonly Func<string, IReadOnlyList<string>> _netFeatures = netFeatures ?? EthtoolFeatures.Read;

    public IReadOnlyList<SysfsDevice> Scan()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var devices = new List<SysfsDevice>();
        foreach (var entry in Candidates())
        {
            string real;
            try { real = Path.GetFullPath(new DirectoryInfo(entry).ResolveLinkTarget(true)?.FullName ?? entry); }
            catch (IOException) { continue; }
            if (!seen.Add(real) || ReadDevice(real) is not { } d) continue;
            devices.Add(d);
        }
        return devices;
    }

    private IEnumerable<string> Candidates()
    {
        foreach (var (dir, sub) in new[] { ("bus", "devices"), ("class", "") })
        {
            var root = Path.Combine(sysRoot, dir);
            if (!Directory.Exists(root)) continue;
            foreach (var subsystem in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
            {
                if (NodeDeviceRules.SkippedSubsystems.Contains(Path.GetFileName(subsystem))) continue;
                var list = sub.Length == 0 ? subsystem : Path.Combine(subsystem, sub);
                if (!Directory.Exists(list)) continue;
                foreach (var e in Directory.EnumerateFileSystemEntries(list).Order(StringComparer.Ordinal))
                    if (File.Exists(Path.Combine(e, "uevent"))) yield return e;
            }
        }
    }

    private SysfsDevice? ReadDevice(string real)
    {
        var props = ReadUevent(Path.Combine(real, "uevent"));
        var subsystem = LinkName(Path.Combine(real, "subsystem"));
        if (subsystem is not null) props.TryAdd("SUBSYSTEM", subsystem);
        var links = ReadUdevDb(real, subsystem, props);
        var sysPath = "/sys" + real[Path.GetFullPath(sysRoot).TrimEnd('/').Length..];
        var bare = new SysfsDevice(sysPath, subsystem, props, new Dictionary<string, string>());
        if (NodeDeviceRules.Classify(bare) is not { } cap) return null;

        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var wanted in NodeDeviceRules.WantedAttributes)
        {
            var rel = wanted.Replace("{sysname}", bare.SysName, StringComparison.Ordinal);
            if (ReadSmall(Path.Combine(real, rel)) is { } v) attrs[wanted.Contains('{') ? rel : wanted] = v;
        }
        var d = bare with { Attributes = attrs, DevLinks = links };
        return cap switch
        {
            NodeDeviceCap.Pci => d with { PciConfig = ReadBytes(Path.Combine(real, "config"), 4096), Iommu = ReadIommu(real) },
            NodeDeviceCap.Net => d with { NetFeatures = _netFeatures(d.Property("INTERFACE") ?? d.SysName) },
            _ => d,
        };
    }

    /// <summary>The "computer" device's DMI attributes (null when the host has no DMI table, as many VMs).</summary>
    public HostDmi? ReadDmi()
    {
        var dir = new[] { "devices/virtual/dmi/id", "class/dmi/id" }.Select(p => Path.Combine(sysRoot, p)).FirstOrDefault(Directory.Exists);
        if (dir is null) return null;
        string? A(string name) => ReadSmall(Path.Combine(dir, name)) is { } v && v.Trim().Length > 0 ? v.Trim() : null;
        return new HostDmi(A("product_name"), A("sys_vendor"), A("product_version"), A("product_serial"), A("product_uuid"),
            A("bios_vendor"), A("bios_version"), A("bios_date"));
    }

    /// <summary>udevd's record of the device: E:KEY=VALUE properties it added, S:symlinks under /dev.</summary>
    private List<string> ReadUdevDb(string real, string? subsystem, Dictionary<string, string> props)
    {
        var links = new List<string>();
        string id;
        if (props.TryGetValue("MAJOR", out var major) && props.TryGetValue("MINOR", out var minor))
            id = (subsystem == "block" ? "b" : "c") + major + ":" + minor;
        else if (props.ContainsKey("INTERFACE") && ReadSmall(Path.Combine(real, "ifindex")) is { } ifindex)
            id = "n" + ifindex.Trim();
        else
            id = "+" + subsystem + ":" + Path.GetFileName(real);
        if (ReadSmall(Path.Combine(udevDataRoot, id)) is not { } db) return links;
        foreach (var line in db.Split('\n'))
        {
            if (line.StartsWith("E:", StringComparison.Ordinal) && line.IndexOf('=') is var eq and > 2) props[line[2..eq]] = line[(eq + 1)..];
            else if (line.StartsWith("S:", StringComparison.Ordinal)) links.Add("/dev/" + line[2..]);
        }
        return links;
    }

    private static IommuGroup? ReadIommu(string real)
    {
        var link = Path.Combine(real, "iommu_group");
        if (LinkName(link) is not { } name || !int.TryParse(name, out var number)) return null;
        var members = Path.Combine(link, "devices");
        var list = Directory.Exists(members) ? Directory.EnumerateFileSystemEntries(members).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray() : [];
        return new IommuGroup(number, list);
    }

    private static byte[]? ReadBytes(string path, int max)
    {
        try
        {
            if (!File.Exists(path)) return null;
            using var f = File.OpenRead(path);
            var buf = new byte[max];
            var n = 0;
            while (n < max && f.Read(buf, n, max - n) is var r and > 0) n += r;
            return buf[..n];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
