namespace Vireo.GuestKit.Tests;

/// <summary>One built flavor of the demo guest kit, as described by its kit-FLAVOR.txt manifest.</summary>
public sealed record GuestKit(
    string Flavor,
    string Kernel,
    string Initrd,
    string DomainXml,
    string DomainName,
    string KernelVersion,
    string KernelCommandLine,
    bool HasGuestAgent,
    IReadOnlyDictionary<string, string> Manifest)
{
    /// <summary>/init prints this (followed by " uptime=SECONDS") on ttyS0 just before the shell starts.</summary>
    public const string ReadyMarker = "VIREO-GUEST-READY";

    /// <summary>The serial shell's prompt.</summary>
    public const string Prompt = "vireo-guest# ";

    public const string DefaultDirectory = "/var/lib/vireo/images";

    /// <summary>Where the kit lives: $VIREO_GUEST_DIR, else /var/lib/vireo/images (what scripts/setup.sh builds).</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable("VIREO_GUEST_DIR") is { Length: > 0 } dir ? dir : DefaultDirectory;

    /// <summary>Loads a flavor's manifest; fails the test (never skips) with the command that builds it.</summary>
    public static GuestKit Load(string flavor)
    {
        string manifestPath = Path.Combine(Directory, $"kit-{flavor}.txt");
        string howToBuild =
            $"Build it with 'scripts/make-guest.sh --flavor {flavor} --with-qga {Directory}' as root " +
            "(scripts/setup.sh builds both flavors), or set VIREO_GUEST_DIR to a directory holding a built kit.";
        if (!File.Exists(manifestPath))
        {
            Assert.Fail($"The {flavor} guest kit is not built: {manifestPath} does not exist. {howToBuild}");
        }

        var manifest = ParseManifest(File.ReadAllLines(manifestPath));
        var kit = new GuestKit(
            flavor,
            Required(manifest, "kernel", manifestPath),
            Required(manifest, "initrd", manifestPath),
            Required(manifest, "domain_xml", manifestPath),
            Required(manifest, "domain_name", manifestPath),
            Required(manifest, "kernel_version", manifestPath),
            Required(manifest, "cmdline", manifestPath),
            Required(manifest, "qga", manifestPath) == "yes",
            manifest);
        foreach (string file in new[] { kit.Kernel, kit.Initrd, kit.DomainXml })
        {
            if (!File.Exists(file))
            {
                Assert.Fail($"The {flavor} guest kit is incomplete: {file} (named in {manifestPath}) is missing. {howToBuild}");
            }
        }

        return kit;
    }

    public static Dictionary<string, string> ParseManifest(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            int eq = line.IndexOf('=');
            if (eq > 0)
            {
                values[line[..eq]] = line[(eq + 1)..];
            }
        }

        return values;
    }

    private static string Required(Dictionary<string, string> manifest, string key, string path) =>
        manifest.TryGetValue(key, out string? value) && value.Length > 0
            ? value
            : throw new InvalidDataException($"The guest kit manifest {path} has no '{key}' entry; rebuild the kit with scripts/make-guest.sh --force.");
}
