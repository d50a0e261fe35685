namespace Vireo.Core.Tests.Xml;

/// <summary>The XML files under Data/, copied next to the test assembly.</summary>
internal static class Corpus
{
    public static string Dir(string sub) => Path.Combine(AppContext.BaseDirectory, "Data", sub);

    public static string Read(string sub, string name) => File.ReadAllText(Path.Combine(Dir(sub), name));

    /// <summary>File names (not paths) so test names stay short and readable.</summary>
    public static TheoryData<string> Files(string sub, string pattern = "*.xml")
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Dir(sub), pattern).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    /// <summary>Inputs of the normalize set: NAME.in.xml, whose canonical form is NAME.out.xml.</summary>
    public static TheoryData<string> NormalizeInputs() => Files("normalize", "*.in.xml");
}
