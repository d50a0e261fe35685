using System.Globalization;
using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Xml;
using Vireo.Qemu.Capabilities;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Tests.CommandLine;

/// <summary>
/// The golden cases in CommandLine/Data (read from the source tree, so regenerating rewrites the files
/// that are committed): NAME.xml is the input, NAME.args the expected argv in libvirt's .args layout
/// or NAME.err the expected error message, NAME.qmp the QMP commands sent before 'cont' (when any),
/// and an optional NAME.host changes the host facts of the fake context (one key=value per line).
/// </summary>
internal static class GoldenData
{
    public static string DataDir { get; } = Path.Combine(SourceDir(), "Data");

    public static string CapsFixture { get; } = Path.Combine(SourceDir(), "..", "Capabilities", "Fixtures", "qemu-7.2.22-x86_64.json");

    public static bool Regenerate => Environment.GetEnvironmentVariable("VIREO_REGENERATE_GOLDEN") == "1";

    private static readonly Lazy<QemuEmulatorCaps> caps = new(() => QemuCapsParser.Parse(File.ReadAllText(CapsFixture)));

    public static QemuEmulatorCaps Caps => caps.Value;

    public static IEnumerable<string> CaseNames() =>
        Directory.EnumerateFiles(DataDir, "*.xml").Select(p => Path.GetFileNameWithoutExtension(p)!).Order(StringComparer.Ordinal);

    public static string PathOf(string name, string extension) => Path.Combine(DataDir, name + extension);

    /// <summary>Parses the case's XML with Core's parser and applies Core's defaults with fixed generators.</summary>
    public static DomainDef LoadDomain(string name)
    {
        var def = DomainXml.Parse(File.ReadAllText(PathOf(name, ".xml")));
        int macs = 0;
        return DomainDefaults.Apply(def, () => Guid.Parse("00000000-0000-4000-8000-0000000000ff"),
            () => new MacAddress([0x52, 0x54, 0x00, 0x00, 0x00, (byte)++macs]));
    }

    /// <summary>The fixed context: this machine's facts (no KVM, no vhost-net, one NUMA node), fixed paths, fds from 30.</summary>
    public static QemuLaunchContext ContextFor(string name, DomainDef def, QemuEmulatorCaps? realCaps = null, string? runtimeDir = null)
    {
        var host = new QemuHostFacts
        {
            KvmUsable = false,
            KvmReason = "KVM is not usable: /dev/kvm is provided by kvm_pvm (nested PVM), which cannot run unmodified guest kernels; use TCG.",
            VhostNetAvailable = false,
            NumaNodes = [0],
            HugepageMounts = new Dictionary<ulong, string> { [2048] = "/dev/hugepages", [1048576] = "/dev/hugepages1G" },
            DefaultHugepageKiB = 2048,
        };
        var graphicsPorts = new Dictionary<int, int>();
        bool fds = true;
        var hostFile = PathOf(name, ".host");
        if (File.Exists(hostFile))
        {
            foreach (var line in File.ReadAllLines(hostFile).Where(l => l.Contains('=')))
            {
                var (key, value) = (line[..line.IndexOf('=')].Trim(), line[(line.IndexOf('=') + 1)..].Trim());
                host = key switch
                {
                    "kvm" => host with { KvmUsable = value == "usable", KvmReason = value == "usable" ? "KVM is usable (Intel VT-x)." : host.KvmReason },
                    "vhost-net" => host with { VhostNetAvailable = value == "present" },
                    "numa-nodes" => host with { NumaNodes = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList() },
                    _ => host,
                };
                if (key == "graphics-port")
                {
                    var parts = value.Split(':');
                    graphicsPorts[int.Parse(parts[0], CultureInfo.InvariantCulture)] = int.Parse(parts[1], CultureInfo.InvariantCulture);
                }
                if (key == "tap-fds" && value == "none") fds = false;
            }
        }
        var interfaceFds = new Dictionary<int, QemuInterfaceFds>();
        if (fds)
            for (int i = 0; i < def.Devices.Interfaces.Count; i++)
            {
                var nic = def.Devices.Interfaces[i];
                if (nic.Type == InterfaceType.User) continue;
                int queues = (int)(nic.Driver?.Queues ?? 1);
                interfaceFds[i] = new QemuInterfaceFds(Enumerable.Range(30 + 10 * i, queues).ToList());
            }
        return new QemuLaunchContext
        {
            Caps = realCaps ?? Caps,
            Host = host,
            Paths = new QemuRuntimePaths(runtimeDir ?? $"/run/vireo/qemu/{def.Name}"),
            DomainId = 1,
            InterfaceFds = interfaceFds,
            GraphicsPorts = graphicsPorts,
            Now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero),
            LocalUtcOffset = TimeSpan.FromHours(1),
        };
    }

    /// <summary>The startup commands as golden text: "execute arguments" per line, secrets marked.</summary>
    public static string FormatStartup(QemuCommandLine cmd) =>
        string.Concat(cmd.StartupCommands.Select(c => $"{c.Execute} {c.ArgumentsJson}{(c.Secret ? "  # secret" : "")}\n"));

    private static string SourceDir([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
