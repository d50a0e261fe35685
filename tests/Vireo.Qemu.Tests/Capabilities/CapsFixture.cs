using System.Runtime.CompilerServices;
using System.Text.Json;
using Vireo.Qemu.Capabilities;

namespace Vireo.Qemu.Tests.Capabilities;

/// <summary>
/// The probe documents captured from this machine's qemu-system-x86_64 7.2.22 (Debian 12), and from its
/// qemu-system-i386 (whose 'max' CPU is a 32-bit one).
/// </summary>
internal static class CapsFixture
{
    public static string Path { get; } = PathOf("x86_64");

    public static string Text => File.ReadAllText(Path);

    public static QemuEmulatorCaps Parse() => QemuCapsParser.Parse(Text);

    /// <summary>The capture of qemu-system-TARGET ("x86_64", "i386").</summary>
    public static QemuEmulatorCaps Parse(string target) => QemuCapsParser.Parse(File.ReadAllText(PathOf(target)));

    private static string PathOf(string target) => System.IO.Path.Combine(Dir(), "Fixtures", $"qemu-7.2.22-{target}.json");

    /// <summary>The fixture's replies, re-composed under another emulator path (for cache tests with stand-in binaries).</summary>
    public static string DocumentFor(string emulatorPath)
    {
        using var doc = JsonDocument.Parse(Text);
        var replies = doc.RootElement.GetProperty("replies").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        return QemuCapsProber.Compose(emulatorPath, replies);
    }

    private static string Dir([CallerFilePath] string path = "") => System.IO.Path.GetDirectoryName(path)!;
}
