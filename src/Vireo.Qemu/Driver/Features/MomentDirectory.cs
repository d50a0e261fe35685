using Vireo.Core.Errors;

namespace Vireo.Qemu.Driver.Features;

/// <summary>
/// The layout snapshots and checkpoints share, as libvirt's /var/lib/libvirt/qemu/KIND/DOMAIN/NAME.xml:
/// <c>STATE/qemu/KIND/DOMAIN/NAME.xml</c> per moment and <c>.current</c> naming the current one.
/// </summary>
internal static class MomentDirectory
{
    public const string CurrentFile = ".current";

    /// <summary>STATE/qemu/KIND, next to the config directory.</summary>
    public static string RootOf(QemuDriverPaths paths, string kind) => Path.Combine(Path.GetDirectoryName(paths.ConfigDir.TrimEnd('/'))!, kind);

    /// <summary>How many moments a domain has on disk (no parsing).</summary>
    public static int Count(string dir) => Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.xml").Count() : 0;

    /// <summary>Forgets every moment of a domain (undefine with the metadata flag): image files stay.</summary>
    public static void DeleteAll(string dir)
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    /// <summary>Every NAME.xml parsed, by file name; a file that cannot be read is an internal error naming it.</summary>
    public static IEnumerable<T> ReadAll<T>(string dir, string domainName, string kind, Func<string, T> parse)
    {
        foreach (var file in Directory.EnumerateFiles(dir, "*.xml").Order(StringComparer.Ordinal))
        {
            T def;
            try
            {
                def = parse(File.ReadAllText(file));
            }
            catch (Exception e) when (e is IOException or VirException)
            {
                throw VirErrors.Internal($"the metadata of a {kind} of domain '{domainName}' in {file} cannot be read: {e.Message}");
            }
            yield return def;
        }
    }

    /// <summary>The name in .current, or null.</summary>
    public static string? ReadCurrent(string dir)
    {
        var current = Path.Combine(dir, CurrentFile);
        return File.Exists(current) && File.ReadAllText(current).Trim() is { Length: > 0 } name ? name : null;
    }
}
