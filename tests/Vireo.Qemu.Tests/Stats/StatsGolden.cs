using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Vireo.Core.Params;

namespace Vireo.Qemu.Tests.Stats;

/// <summary>
/// Fixtures and golden files of the domstats mapping tests, next to the sources. The QMP replies were
/// captured from QEMU 7.2 (a qcow2 overlay on a qcow2 base as virtio-disk0, a raw virtio-disk1, an empty
/// IDE cdrom ide0-1-0, SeaBIOS having read the first disk's boot sector).
/// </summary>
internal static class StatsGolden
{
    private static string Dir([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Data");

    /// <summary>The "return" member of a captured reply.</summary>
    public static JsonNode? Reply(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Dir(), name)))!["return"];

    /// <summary>One line per parameter: "field type value", as the wire carries it.</summary>
    public static string Render(IEnumerable<TypedParameter> ps)
    {
        var sb = new StringBuilder();
        foreach (var p in ps) sb.Append(p.Field).Append(' ').Append(p.Type.ToString().ToLowerInvariant()).Append(' ').Append(p).Append('\n');
        return sb.ToString();
    }

    /// <summary>Compares with Data/NAME; VIREO_REGENERATE_GOLDEN=1 rewrites the file instead (review the diff).</summary>
    public static void Check(string name, string actual)
    {
        var path = Path.Combine(Dir(), name);
        if (Environment.GetEnvironmentVariable("VIREO_REGENERATE_GOLDEN") == "1") File.WriteAllText(path, actual);
        Assert.True(File.Exists(path), $"golden file {path} is missing: run with VIREO_REGENERATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
