using System.Text.RegularExpressions;

namespace Vireo.Cli.Tests.Support;

/// <summary>
/// The demo guest kit (scripts/make-guest.sh, cloud flavor). A missing kit fails the test with the command
/// that builds it: it is never a reason to skip.
/// </summary>
public static partial class DemoKit
{
    public const string Marker = "VIREO-GUEST-READY";
    public const string Prompt = "vireo-guest# ";
    public static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(3);

    public static string Directory =>
        Environment.GetEnvironmentVariable("VIREO_GUEST_DIR") is { Length: > 0 } dir ? dir : "/var/lib/vireo/images";

    /// <summary>The kit's demo.xml under another name, written to a file in <paramref name="dir"/>.</summary>
    public static string WriteDomainXml(string dir, string name)
    {
        var path = Path.Combine(Directory, "demo.xml");
        if (!File.Exists(path))
            Assert.Fail($"The demo guest kit is not built: {path} does not exist. Run 'scripts/make-guest.sh' as root " +
                        "(or set VIREO_GUEST_DIR to a directory holding a built kit).");
        var xml = File.ReadAllText(path).Replace("<name>demo</name>", $"<name>{name}</name>", StringComparison.Ordinal);
        var file = System.IO.Path.Combine(dir, name + ".xml");
        File.WriteAllText(file, xml);
        return file;
    }

    /// <summary>A short unique name (socket paths are limited to 107 bytes).</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A short unique temp directory (guest socket paths live under it).</summary>
    public static string TempRoot(string prefix)
    {
        var dir = System.IO.Path.Combine("/tmp", $"{prefix}{Guid.NewGuid().ToString("N")[..8]}");
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }

    [GeneratedRegex(@"VIREO-GUEST-READY uptime=[0-9.]+")]
    public static partial Regex MarkerLine();

    /// <summary>SeaBIOS's banner: the first thing the guest prints at power-on.</summary>
    [GeneratedRegex(@"SeaBIOS \(version")]
    public static partial Regex BiosBanner();

    /// <summary>The pid of the QEMU process running the named guest, from /proc (null when none).</summary>
    public static int? QemuPid(string guestName)
    {
        foreach (var dir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), out var pid)) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(System.IO.Path.Combine(dir, "cmdline")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            var args = cmdline.Split('\0');
            if (args.Length > 0 && args[0].Contains("qemu-system", StringComparison.Ordinal) &&
                args.Any(a => a == $"guest={guestName}" || a.StartsWith($"guest={guestName},", StringComparison.Ordinal)))
                return pid;
        }
        return null;
    }
}
