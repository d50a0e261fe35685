namespace Vireo.IntegrationTests.Support;

/// <summary>
/// Lays out a sysfs snapshot (SysfsFixture's text: "device", "subsystem", "prop", "attr", "config" lines) as the
/// kernel lays it out under a fake root: device directories under devices/, bus/*/devices or class/* symlinks to
/// them, subsystem links, uevent and attribute files. Other kinds of line go to <c>extra</c> (the device's
/// directory, the kind, the rest of the line), which must know them.
/// </summary>
internal static class SysfsTree
{
    private static readonly string[] BusSubsystems = ["pci", "usb", "scsi"];

    public static void Materialize(string sys, string fixture, Func<string, string, string, bool> extra)
    {
        foreach (var block in fixture.Replace("\r", "").Split("\n\n"))
        {
            var lines = block.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();
            if (lines.Count == 0) continue;
            var dir = "";
            var uevent = new List<string>();
            foreach (var line in lines)
            {
                var sp = line.IndexOf(' ');
                var (key, rest) = sp < 0 ? (line, "") : (line[..sp], line[(sp + 1)..]);
                switch (key)
                {
                    case "device":
                        dir = Path.Combine(sys, rest["/sys/".Length..]);
                        Directory.CreateDirectory(dir);
                        break;
                    case "subsystem":
                        var bus = BusSubsystems.Contains(rest);
                        var home = bus ? Path.Combine(sys, "bus", rest) : Path.Combine(sys, "class", rest);
                        var list = bus ? Path.Combine(home, "devices") : home;
                        Directory.CreateDirectory(list);
                        File.CreateSymbolicLink(Path.Combine(dir, "subsystem"), Path.GetRelativePath(dir, home));
                        File.CreateSymbolicLink(Path.Combine(list, Path.GetFileName(dir)), Path.GetRelativePath(list, dir));
                        break;
                    case "prop": uevent.Add(rest); break;
                    case "attr":
                        var file = Path.Combine(dir, rest[..rest.IndexOf('=')]);
                        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                        File.WriteAllText(file, rest[(rest.IndexOf('=') + 1)..] + "\n");
                        break;
                    case "config":
                        var parts = rest.Split(' ');
                        var bytes = new byte[int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture)];
                        if (parts.Length > 1) Convert.FromHexString(parts[1]).CopyTo(bytes, 0);
                        File.WriteAllBytes(Path.Combine(dir, "config"), bytes);
                        break;
                    default:
                        if (!extra(dir, key, rest)) throw new InvalidDataException($"unknown fixture line '{line}'");
                        break;
                }
            }
            File.WriteAllText(Path.Combine(dir, "uevent"), string.Concat(uevent.Select(l => l + "\n")));
        }
    }
}
