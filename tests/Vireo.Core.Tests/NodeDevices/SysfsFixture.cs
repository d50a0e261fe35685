using System.Globalization;
using Vireo.Core.NodeDevices;

namespace Vireo.Core.Tests.NodeDevices;

/// <summary>
/// Reads the text form of a sysfs snapshot used by the node device fixtures: blocks starting with
/// "device PATH", then "subsystem NAME", "prop KEY=VALUE" (uevent), "attr NAME=VALUE", "features A B C",
/// "config LENGTH HEX" (leading bytes; the rest zero), "link /dev/..." (udev symlinks) and "iommu N MEMBER...".
/// </summary>
public static class SysfsFixture
{
    public static string DataDir => Path.Combine(AppContext.BaseDirectory, "Data", "NodeDevices");

    public static PciIds Ids => PciIds.Parse(File.ReadAllText(Path.Combine(DataDir, "pci.ids")));

    public static IReadOnlyList<SysfsDevice> Parse(string text)
    {
        var devices = new List<SysfsDevice>();
        foreach (var block in text.Replace("\r", "").Split("\n\n"))
        {
            var lines = block.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();
            if (lines.Count == 0) continue;
            string? path = null, subsystem = null;
            var props = new Dictionary<string, string>();
            var attrs = new Dictionary<string, string>();
            IReadOnlyList<string> features = [];
            var links = new List<string>();
            byte[]? config = null;
            IommuGroup? iommu = null;
            foreach (var line in lines)
            {
                var sp = line.IndexOf(' ');
                var (key, rest) = (line[..sp], line[(sp + 1)..]);
                switch (key)
                {
                    case "device": path = rest; break;
                    case "subsystem": subsystem = rest; break;
                    case "prop": props[rest[..rest.IndexOf('=')]] = rest[(rest.IndexOf('=') + 1)..]; break;
                    case "attr": attrs[rest[..rest.IndexOf('=')]] = rest[(rest.IndexOf('=') + 1)..]; break;
                    case "features": features = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries); break;
                    case "link": links.Add(rest); break;
                    case "config":
                        var parts = rest.Split(' ');
                        config = new byte[int.Parse(parts[0], CultureInfo.InvariantCulture)];
                        if (parts.Length > 1) Convert.FromHexString(parts[1]).CopyTo(config, 0);
                        break;
                    case "iommu":
                        var g = rest.Split(' ');
                        iommu = new IommuGroup(int.Parse(g[0], CultureInfo.InvariantCulture), g[1..]);
                        break;
                    default: throw new InvalidDataException($"unknown fixture line '{line}'");
                }
            }
            if (subsystem is not null) props.TryAdd("SUBSYSTEM", subsystem);
            devices.Add(new SysfsDevice(path ?? throw new InvalidDataException("a block without 'device'"), subsystem, props, attrs)
            {
                NetFeatures = features, DevLinks = links, PciConfig = config, Iommu = iommu,
            });
        }
        return devices;
    }
}
