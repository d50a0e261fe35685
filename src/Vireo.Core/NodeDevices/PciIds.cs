namespace Vireo.Core.NodeDevices;

/// <summary>
/// Vendor and device names from a pci.ids file (/usr/share/misc/pci.ids), which is where libvirt's
/// libpciaccess looks them up: "VVVV  Vendor" lines, each followed by tab-indented "DDDD  Device" lines.
/// Subsystem lines (two tabs) and the class section ("C ...") are not names libvirt shows.
/// </summary>
public sealed class PciIds
{
    private readonly Dictionary<uint, string> _vendors = [];
    private readonly Dictionary<(uint, uint), string> _devices = [];

    public static readonly PciIds Empty = new();

    public static PciIds Parse(string text)
    {
        var ids = new PciIds();
        uint? vendor = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            if (line.StartsWith("C ", StringComparison.Ordinal)) break; // classes follow the vendors; no names we need
            if (line.StartsWith("\t\t", StringComparison.Ordinal)) continue;
            if (line[0] == '\t')
            {
                if (vendor is { } v && TrySplit(line.AsSpan(1), out var dev, out var devName)) ids._devices.TryAdd((v, dev), devName);
                continue;
            }
            vendor = TrySplit(line, out var id, out var name) ? id : null;
            if (vendor is { } vid) ids._vendors.TryAdd(vid, name);
        }
        return ids;
    }

    public string? Vendor(uint vendor) => _vendors.GetValueOrDefault(vendor);

    public string? Device(uint vendor, uint device) => _devices.GetValueOrDefault((vendor, device));

    private static bool TrySplit(ReadOnlySpan<char> line, out uint id, out string name)
    {
        id = 0;
        name = "";
        if (line.Length < 6 || !uint.TryParse(line[..4], System.Globalization.NumberStyles.HexNumber, null, out id)) return false;
        name = line[4..].Trim().ToString();
        return name.Length > 0;
    }
}
