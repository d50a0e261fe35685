using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Qemu.CommandLine;
using Vireo.Qemu.Definition;
using Vireo.Qemu.Tests.CommandLine;

namespace Vireo.Qemu.Tests.Definition;

/// <summary>
/// The device aliases of a running guest (<see cref="DeviceAliases"/>, given by <see cref="QemuCommandBuilder"/>)
/// and its disks' drivers (<see cref="RunningDefinition"/>): the same as libvirtd 9.0's live XML for the guests in LiveData (NAME.xml started on a sandboxed libvirtd, whose
/// `virsh dumpxml` is NAME.libvirtd.xml), the ids QEMU gets on the command line for the whole define corpus, and
/// never in a saved definition except the user's (ua-*).
/// </summary>
public sealed class LiveAliasesTests
{
    private static readonly string LiveDir = Path.Combine(SourceDir(), "LiveData");

    public static TheoryData<string> LiveCases() => new(Directory.EnumerateFiles(LiveDir, "*.xml")
        .Where(p => !p.EndsWith(".libvirtd.xml", StringComparison.Ordinal)).Select(p => Path.GetFileNameWithoutExtension(p)!).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(LiveCases))]
    public void Live_aliases_and_disk_drivers_are_libvirtds(string name)
    {
        var live = DomainXml.Format(Start(File.ReadAllText(Path.Combine(LiveDir, name + ".xml"))));
        var recorded = File.ReadAllText(Path.Combine(LiveDir, name + ".libvirtd.xml"));
        var theirs = Aliases(recorded);
        Assert.Equal(theirs, Aliases(live));
        Assert.Equal(DiskDrivers(recorded), DiskDrivers(live)); // an empty CD-ROM's <driver> has no type
        Assert.Contains(theirs, a => a.StartsWith("disk ", StringComparison.Ordinal) && a.EndsWith("=ua-data", StringComparison.Ordinal));
    }

    /// <summary>The define corpus's cases this host's facts can start (the others are refused by the builder, so they have no live aliases).</summary>
    public static TheoryData<string> Startable() => new(LibvirtdDefineGoldenTests.Cases().Where(n => !n.StartsWith('e') && TryStart(n) is not null));

    [Fact]
    public void Most_of_the_define_corpus_starts()
    {
        Assert.True(Startable().Count >= 30, $"only {Startable().Count} corpus cases start");
    }

    [Theory]
    [MemberData(nameof(Startable))]
    public void Every_alias_is_the_qemu_id_of_its_device(string name)
    {
        var cmd = TryStart(name)!;
        var machineBuilt = BuiltIn(cmd.Definition);
        foreach (var alias in AllAliases(cmd.Definition.Devices).Where(a => !machineBuilt.Contains(a)))
            Assert.True(cmd.Arguments.Any(a => System.Text.RegularExpressions.Regex.IsMatch(a, $"(^|,)id={System.Text.RegularExpressions.Regex.Escape(alias)}(,|$)")),
                $"{name}: no QEMU device has id={alias}:\n{string.Join("\n", cmd.Arguments)}");
        // The saved definition, which QemuDefine.Complete produced, has no alias but the user's (ua-*).
        Assert.All(AllAliases(Define(File.ReadAllText(Path.Combine(LibvirtdDefineGoldenTests.DataDir, name + ".xml"))).Devices), a => Assert.StartsWith("ua-", a));
    }

    private static QemuCommandLine? TryStart(string name)
    {
        var def = Define(File.ReadAllText(Path.Combine(LibvirtdDefineGoldenTests.DataDir, name + ".xml")));
        try
        {
            return QemuCommandBuilder.Build(def, Context(def));
        }
        catch (VirException)
        {
            return null;
        }
    }

    [Fact]
    public void Define_keeps_user_aliases_only_and_they_are_the_qemu_ids()
    {
        var def = Define(File.ReadAllText(Path.Combine(LiveDir, "live-i440fx.xml"))
            .Replace("<model type='virtio'/></interface>", "<model type='virtio'/><alias name='net7'/></interface>", StringComparison.Ordinal));
        Assert.Equal(["ua-data", "ua-nic2"], AllAliases(def.Devices).Order(StringComparer.Ordinal));
        var cmd = QemuCommandBuilder.Build(def, Context(def));
        Assert.Contains(cmd.Arguments, a => a.Contains(",id=ua-nic2,", StringComparison.Ordinal) || a.EndsWith(",id=ua-nic2", StringComparison.Ordinal));
        Assert.Contains(cmd.Arguments, a => a.Contains("id=ua-data", StringComparison.Ordinal));
        Assert.Equal("net0", cmd.Definition.Devices.Interfaces[0].Alias);
        // A running guest's XML defined again loses the generated aliases, as in libvirt.
        var again = Define(DomainXml.Format(cmd.Definition));
        Assert.Equal(["ua-data", "ua-nic2"], AllAliases(again.Devices).Order(StringComparer.Ordinal));
    }

    private static List<string> DiskDrivers(string xml) =>
        [.. XDocument.Parse(xml).Root!.Element("devices")!.Elements("disk").Select(d => d.Element("driver")?.ToString() ?? "(none)")];

    /// <summary>"disk[2]=ua-data": each device under &lt;devices&gt; in order with its alias (or none).</summary>
    private static List<string> Aliases(string xml)
    {
        var devices = XDocument.Parse(xml).Root!.Element("devices")!.Elements().Where(e => e.Name != "emulator");
        var seen = new Dictionary<string, int>();
        return [.. devices.Select(e =>
        {
            var n = seen[e.Name.LocalName] = seen.GetValueOrDefault(e.Name.LocalName) + 1;
            return $"{e.Name.LocalName} {n}={e.Element("alias")?.Attribute("name")?.Value ?? "(none)"}";
        })];
    }

    private static IEnumerable<string> AllAliases(DevicesDef d) =>
        new[]
        {
            d.Disks.Select(x => x.Alias), d.Controllers.Select(x => x.Alias), d.Filesystems.Select(x => x.Alias), d.Interfaces.Select(x => x.Alias),
            d.Serials.Select(x => x.Alias), d.Consoles.Select(x => x.Alias), d.Channels.Select(x => x.Alias), d.Inputs.Select(x => x.Alias),
            d.Sounds.Select(x => x.Alias), d.Videos.Select(x => x.Alias), d.Rngs.Select(x => x.Alias), d.Watchdogs.Select(x => x.Alias),
            new[] { d.MemBalloon?.Alias },
        }.SelectMany(x => x).OfType<string>();

    /// <summary>
    /// The devices without a -device of their own, as with libvirt: root buses, the chipset's IDE/SATA and floppy
    /// controller, PS/2 input, USB and video switched off (model none).
    /// </summary>
    private static HashSet<string> BuiltIn(DomainDef def)
    {
        var d = def.Devices;
        var q35 = def.Os.Machine!.Contains("q35", StringComparison.Ordinal);
        return
        [
            .. d.Controllers.Where(c => c.Model is "pci-root" or "pcie-root" || (c.Type == ControllerType.Ide && c.Index == 0 && !q35)
                || (c.Type == ControllerType.Sata && c.Index == 0 && q35)).Select(c => c.Alias!),
            .. d.Inputs.Where(i => i.Bus is null or InputBus.Ps2).Select(i => i.Alias!),
            .. d.Controllers.Where(c => c.Type == ControllerType.Fdc || c.Model == "none").Select(c => c.Alias!),
            .. d.Videos.Where(v => v.Model == VideoModel.None).Select(v => v.Alias!),
        ];
    }

    private static DomainDef Start(string xml)
    {
        var def = Define(xml);
        return QemuCommandBuilder.Build(def, Context(def)).Definition;
    }

    private static DomainDef Define(string xml) =>
        QemuDefine.Complete(DomainDefaults.Apply(DomainXml.Parse(xml), () => throw new InvalidOperationException("a UUID was generated"),
            () => throw new InvalidOperationException("a MAC was generated")), GoldenData.Caps);

    /// <summary>The golden cases' host, with a port for every display (autoport is the engine's job at start).</summary>
    private static QemuLaunchContext Context(DomainDef def) => GoldenData.ContextFor(def.Name, def) with
    {
        GraphicsPorts = Enumerable.Range(0, def.Devices.Graphics.Count).ToDictionary(i => i, i => 5900 + i),
    };

    private static string SourceDir([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
