using Vireo.Core.Errors;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Tests.CommandLine;

/// <summary>
/// libvirt's qemuxml2argv pattern: every Data/NAME.xml is parsed by Core's parser, built with the fake
/// context, and compared with NAME.args (or NAME.err, and NAME.qmp for startup QMP commands).
/// VIREO_REGENERATE_GOLDEN=1 rewrites the expected files instead of comparing.
/// </summary>
public sealed class GoldenTests
{
    public static TheoryData<string> Cases() => new(GoldenData.CaseNames());

    [Theory]
    [MemberData(nameof(Cases))]
    public void XmlToArgv(string name)
    {
        var def = GoldenData.LoadDomain(name);
        string? args = null, error = null, qmp = null;
        try
        {
            var cmd = QemuCommandBuilder.Build(def, GoldenData.ContextFor(name, def));
            args = QemuArgsFormatter.Format(cmd);
            qmp = cmd.StartupCommands.Count > 0 ? GoldenData.FormatStartup(cmd) : null;
        }
        catch (VirException e)
        {
            error = e.Message + "\n";
        }

        if (GoldenData.Regenerate)
        {
            Write(name, ".args", args);
            Write(name, ".err", error);
            Write(name, ".qmp", qmp);
            return;
        }
        Assert.Equal(Read(name, ".err"), error);
        Assert.Equal(Read(name, ".args"), args);
        Assert.Equal(Read(name, ".qmp"), qmp);
    }

    [Fact]
    public void ThereAreAtLeastFortyCasesAndEachHasAnExpectation()
    {
        var names = GoldenData.CaseNames().ToList();
        Assert.True(names.Count >= 40, $"only {names.Count} golden cases");
        foreach (var name in names)
            Assert.True(File.Exists(GoldenData.PathOf(name, ".args")) ^ File.Exists(GoldenData.PathOf(name, ".err")),
                $"case {name} needs exactly one of {name}.args and {name}.err (run with VIREO_REGENERATE_GOLDEN=1)");
    }

    private static string? Read(string name, string ext)
    {
        var path = GoldenData.PathOf(name, ext);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private static void Write(string name, string ext, string? content)
    {
        var path = GoldenData.PathOf(name, ext);
        if (content is null) File.Delete(path);
        else File.WriteAllText(path, content);
    }
}
