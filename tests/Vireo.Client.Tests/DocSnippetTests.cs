using System.Text.RegularExpressions;

namespace Vireo.Client.Tests;

/// <summary>
/// docs/client-library.md shows the sample's code: every C# block in the page is preceded by
/// &lt;!-- snippet:NAME --&gt; and must equal the region "// &lt;snippet:NAME&gt;" of samples/ClientSample
/// (dedented), so the page cannot drift from code that compiles and is run by <see cref="ClientSampleTests"/>.
/// </summary>
public sealed partial class DocSnippetTests
{
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vireo.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Vireo.slnx above {AppContext.BaseDirectory}");
    }

    private static Dictionary<string, string> SampleSnippets()
    {
        var snippets = new Dictionary<string, string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoRoot(), "samples", "ClientSample"), "*.cs"))
            foreach (Match m in SampleRegion().Matches(File.ReadAllText(file)))
                snippets.Add(m.Groups["name"].Value, Dedent(m.Groups["body"].Value));
        return snippets;
    }

    private static string Dedent(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n', ' ').Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [Fact]
    public void Every_code_block_of_the_page_is_the_samples_code()
    {
        var page = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "client-library.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var snippets = SampleSnippets();
        Assert.NotEmpty(snippets);
        var blocks = CodeBlock().Matches(page);
        Assert.NotEmpty(blocks);
        foreach (Match block in blocks)
        {
            var name = block.Groups["name"].Value;
            Assert.True(name.Length > 0, $"A C# block in docs/client-library.md is not marked <!-- snippet:NAME -->:\n{block.Groups["body"].Value}");
            Assert.True(snippets.TryGetValue(name, out var code), $"docs/client-library.md shows snippet '{name}', which samples/ClientSample does not have");
            Assert.Equal(code, block.Groups["body"].Value.TrimEnd('\n'));
        }
        var shown = blocks.Select(b => b.Groups["name"].Value).ToHashSet();
        var missing = snippets.Keys.Where(k => !shown.Contains(k)).ToArray();
        Assert.True(missing.Length == 0, $"samples/ClientSample has snippets the page does not show: {string.Join(", ", missing)}");
    }

    [GeneratedRegex(@"^[ \t]*// <snippet:(?<name>[\w-]+)>[ \t]*\n(?<body>.*?)^[ \t]*// </snippet>", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SampleRegion();

    [GeneratedRegex(@"(?:<!-- snippet:(?<name>[\w-]+) -->\n)?```csharp\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
