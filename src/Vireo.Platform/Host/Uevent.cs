using System.Text;

namespace Vireo.Platform.Host;

/// <summary>
/// One kernel uevent (what udev itself listens to): the action ("add", "remove", "change", "move", "bind",
/// ...), the device's path under /sys, its subsystem, and every KEY=VALUE the kernel sent.
/// </summary>
public sealed record Uevent(string Action, string DevPath, string? Subsystem, IReadOnlyDictionary<string, string> Properties)
{
    /// <summary>The device's directory: "/sys" + DEVPATH.</summary>
    public string SysfsPath => "/sys" + DevPath;

    /// <summary>
    /// Parses a kernel uevent datagram: "ACTION@DEVPATH\0" then "KEY=VALUE\0" pairs. Null for anything else,
    /// such as udev's own "libudev" messages or a datagram without ACTION and DEVPATH.
    /// </summary>
    public static Uevent? Parse(ReadOnlySpan<byte> datagram)
    {
        var text = Encoding.UTF8.GetString(datagram);
        var parts = text.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !parts[0].Contains('@')) return null;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=');
            if (eq > 0) properties[part[..eq]] = part[(eq + 1)..];
        }
        if (!properties.TryGetValue("ACTION", out var action) || !properties.TryGetValue("DEVPATH", out var devPath)) return null;
        return new Uevent(action, devPath, properties.GetValueOrDefault("SUBSYSTEM"), properties);
    }
}
