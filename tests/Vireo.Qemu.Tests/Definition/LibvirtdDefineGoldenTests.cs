using System.Runtime.CompilerServices;
using Vireo.Core.Domain;
using Vireo.Core.Errors;
using Vireo.Core.Xml;
using Vireo.Qemu.Definition;
using Vireo.Qemu.Tests.CommandLine;

namespace Vireo.Qemu.Tests.Definition;

/// <summary>
/// Domain XML as people and virt-install/virt-manager write it (Data/NAME.xml), defined the way vireod defines it
/// (Core's parser and defaults, then <see cref="QemuDefine.Complete"/> with this machine's QEMU 7.2 capabilities),
/// must format to exactly what Debian's libvirtd 9.0 printed for `virsh dumpxml --inactive` after defining the same
/// document (Data/NAME.libvirtd.xml, recorded with Data/record-libvirtd.sh; the integration test
/// DomainXmlLibvirtdParityTests re-records it live). The e*.xml cases are refused with libvirtd's sentence
/// (NAME.libvirtd.err).
/// </summary>
public sealed class LibvirtdDefineGoldenTests
{
    public static string DataDir { get; } = Path.Combine(SourceDir(), "Data");

    public static TheoryData<string> Defined() => new(Cases().Where(n => !n.StartsWith('e')));
    public static TheoryData<string> Refused() => new(Cases().Where(n => n.StartsWith('e')));

    [Theory]
    [MemberData(nameof(Defined))]
    public void Define_formats_as_libvirtd_does(string name)
    {
        var def = Define(File.ReadAllText(Path.Combine(DataDir, name + ".xml")));
        var expected = File.ReadAllText(Path.Combine(DataDir, name + ".libvirtd.xml"));
        Assert.Equal(expected, DomainXml.Format(def) + "\n");
        // Defining vireod's own output again changes nothing but the order of controllers, which libvirtd also
        // re-sorts when its output is defined again (one it added sorts among those written with an index).
        Assert.Equal(ControllersSorted(def), ControllersSorted(Define(DomainXml.Format(def))));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Define_refuses_with_libvirtds_sentence(string name)
    {
        var e = Assert.Throws<VirException>(() => Define(File.ReadAllText(Path.Combine(DataDir, name + ".xml"))));
        Assert.Equal(File.ReadAllText(Path.Combine(DataDir, name + ".libvirtd.err")), e.Message + "\n");
    }

    [Fact]
    public void The_corpus_has_at_least_thirty_documents_and_five_refusals()
    {
        Assert.True(Defined().Count >= 30, $"only {Defined().Count} defined cases in {DataDir}");
        Assert.True(Refused().Count >= 5, $"only {Refused().Count} refused cases in {DataDir}");
        foreach (var name in Cases())
            Assert.True(File.Exists(Path.Combine(DataDir, name + (name.StartsWith('e') ? ".libvirtd.err" : ".libvirtd.xml"))), $"{name} has no recorded libvirtd result");
    }

    /// <summary>The corpus case names (NAME.xml without the recorded NAME.libvirtd.xml).</summary>
    public static IReadOnlyList<string> Cases() =>
        Directory.EnumerateFiles(DataDir, "*.xml").Where(p => !p.EndsWith(".libvirtd.xml", StringComparison.Ordinal))
            .Select(p => Path.GetFileNameWithoutExtension(p)!).Order(StringComparer.Ordinal).ToList();

    private static DomainDef Define(string xml)
    {
        // Every case gives its UUID and MACs, so the generators must not be needed.
        var def = DomainDefaults.Apply(DomainXml.Parse(xml), () => throw new InvalidOperationException("a UUID was generated"),
            () => throw new InvalidOperationException("a MAC was generated"));
        return QemuDefine.Complete(def, GoldenData.Caps);
    }

    private static DomainDef ControllersSorted(DomainDef def) => def with
    {
        Devices = def.Devices with { Controllers = [.. def.Devices.Controllers.OrderBy(c => c.Type).ThenBy(c => c.Index).ThenBy(c => c.Model, StringComparer.Ordinal)] },
    };

    private static string SourceDir([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
