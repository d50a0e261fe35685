using System.Globalization;

namespace Vireo.Platform.Host;

/// <summary>
/// The kernel's KSM knobs and counters (/sys/kernel/mm/ksm/NAME, one decimal number each). The root is
/// a parameter so tests can point it at a fake tree. Writes go straight to the file, as the kernel
/// expects (sysfs attributes cannot be replaced by rename).
/// </summary>
public sealed class KsmFiles(string root = KsmFiles.SysfsRoot)
{
    public const string SysfsRoot = "/sys/kernel/mm/ksm";

    public string Root => root;

    public string PathOf(string name) => Path.Combine(root, name);

    public bool Exists(string name) => File.Exists(PathOf(name));

    /// <summary>The file's number; null when the kernel has no such file.</summary>
    public ulong? Read(string name) => Exists(name) ? ParseNumber(File.ReadAllText(PathOf(name))) : null;

    public void Write(string name, ulong value) =>
        File.WriteAllText(PathOf(name), value.ToString(CultureInfo.InvariantCulture));

    /// <summary>"100\n" -> 100; anything else is a damaged file.</summary>
    public static ulong ParseNumber(string text) =>
        ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"'{text.Trim()}' is not a number");
}
