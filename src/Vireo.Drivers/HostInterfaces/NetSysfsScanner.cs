using Vireo.Core.HostInterfaces;
using Vireo.Core.NodeDevices;
using static Vireo.Platform.Files.SysfsFiles;

namespace Vireo.Drivers.HostInterfaces;

/// <summary>
/// Reads the host's network interfaces the way libudev shows them to libvirt's udev interface backend: each
/// entry of /sys/class/net that is a device (it has a uevent file), resolved to its own sysfs path, with its
/// uevent properties and the attributes in <see cref="HostNetDevice.Attributes"/>, its bridge ports (brif/),
/// its "slave_" entries and, for a VLAN (or a name with a dot), /proc/net/vlan/NAME. The roots are parameters
/// so tests can point it at a fake tree; reported paths always read "/sys/..." and "/proc/...".
/// </summary>
public sealed class NetSysfsScanner(string sysRoot = "/sys", string procRoot = "/proc")
{
    private string ClassNet => Path.Combine(sysRoot, "class", "net");

    /// <summary>Every net device (in directory order; the rules sort).</summary>
    public IReadOnlyList<HostNetDevice> ScanAll()
    {
        if (!Directory.Exists(ClassNet)) return [];
        var devices = new List<HostNetDevice>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(ClassNet))
            if (Read(Path.GetFileName(entry)) is { } d) devices.Add(d);
        return devices;
    }

    /// <summary>The net device of that exact name; null when there is none.</summary>
    public HostNetDevice? Read(string name)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal)) return null;
        var entry = Path.Combine(ClassNet, name);
        string real;
        try
        {
            if (!Directory.Exists(entry) || !File.Exists(Path.Combine(entry, "uevent"))) return null;
            real = Path.GetFullPath(new DirectoryInfo(entry).ResolveLinkTarget(true)?.FullName ?? entry);
        }
        catch (IOException)
        {
            return null; // gone while we looked
        }
        var props = ReadUevent(Path.Combine(real, "uevent"));
        props.TryAdd("SUBSYSTEM", "net");
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in HostNetDevice.Attributes)
            if (ReadSmall(Path.Combine(real, attribute)) is { } v) attrs[attribute] = v;
        var sysPath = "/sys" + real[Path.GetFullPath(sysRoot).TrimEnd('/').Length..];
        var device = new HostNetDevice(new SysfsDevice(sysPath, "net", props, attrs))
        {
            BridgePorts = Entries(Path.Combine(real, "brif")),
            SlaveEntries = Entries(real)?.Where(e => e.StartsWith("slave_", StringComparison.Ordinal)).ToList() ?? [],
        };
        return props.GetValueOrDefault("DEVTYPE") == "vlan" || name.Contains('.', StringComparison.Ordinal)
            ? device with { VlanProc = ReadVlan(name) }
            : device;
    }

    private FileText ReadVlan(string name)
    {
        var shown = $"/proc/net/vlan/{name}";
        var path = Path.Combine(procRoot, "net", "vlan", name);
        try
        {
            return new FileText(shown, File.ReadAllText(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new FileText(shown, null, "No such file or directory", 2);
        }
        catch (UnauthorizedAccessException)
        {
            return new FileText(shown, null, "Permission denied", 13);
        }
        catch (IOException e)
        {
            return new FileText(shown, null, e.Message, 5);
        }
    }

    private static List<string>? Entries(string dir)
    {
        try
        {
            return Directory.Exists(dir) ? Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>().ToList() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
