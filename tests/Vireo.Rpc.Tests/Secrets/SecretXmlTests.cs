using Vireo.Core.Errors;
using Vireo.Drivers.Secrets;

namespace Vireo.Rpc.Tests.Secrets;

/// <summary>
/// Secret XML golden files: each Data/NAME.xml is parsed and formatted, and must give Data/NAME.out byte for
/// byte (libvirtd 9.0's secret-dumpxml of the same input); each Data/err-NAME.xml must be refused with the
/// code, domain and sentence in Data/err-NAME.err. VIREO_REGENERATE_GOLDEN=1 rewrites the expected files.
/// </summary>
public sealed class SecretXmlTests
{
    private static readonly string DataDir = Path.Combine(AppContext.BaseDirectory, "Secrets", "Data");
    private static readonly Guid Generated = Guid.Parse("f7e1e0a9-d510-44e2-a0cd-6ef9509a65ea");

    public static TheoryData<string> Cases() => new(Directory.EnumerateFiles(DataDir, "*.xml").Select(Path.GetFileNameWithoutExtension).Where(n => !n!.StartsWith("err-", StringComparison.Ordinal)).Order()!);

    public static TheoryData<string> Errors() => new(Directory.EnumerateFiles(DataDir, "err-*.xml").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Formats_as_libvirt(string name)
    {
        var def = SecretXml.Parse(File.ReadAllText(Path.Combine(DataDir, name + ".xml")), () => Generated);
        var text = SecretXml.Format(def);
        Check(name + ".out", text);
        Assert.Equal(def, SecretXml.Parse(text)); // what we write reads back the same
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Refuses_as_libvirt(string name)
    {
        var e = Assert.Throws<VirException>(() => SecretXml.Parse(File.ReadAllText(Path.Combine(DataDir, name + ".xml"))));
        Check(name + ".err", $"{(int)e.Code} {(int)e.ErrorDomain} {e.Message}\n");
    }

    private static void Check(string file, string actual)
    {
        if (Environment.GetEnvironmentVariable("VIREO_REGENERATE_GOLDEN") == "1")
        {
            // Written to the source tree, beside this file, not to the build output.
            File.WriteAllText(Path.Combine(SourceDir(), "Data", file), actual);
            return;
        }
        Assert.Equal(File.ReadAllText(Path.Combine(DataDir, file)), actual);
    }

    private static string SourceDir([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    [Fact]
    public void Uuids_are_read_as_libvirt_reads_them()
    {
        Assert.True(SecretXml.TryParseUuid(" 11111111222233334444555555555555 ", out var a));
        Assert.Equal(Guid.Parse("11111111-2222-3333-4444-555555555555"), a);
        Assert.False(SecretXml.TryParseUuid("1111", out _));
        Assert.False(SecretXml.TryParseUuid("g1111111-2222-3333-4444-555555555555", out _));
    }
}
