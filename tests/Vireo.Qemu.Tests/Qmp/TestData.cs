using System.Runtime.CompilerServices;

namespace Vireo.Qemu.Tests.Qmp;

/// <summary>Test data lives next to the sources (tests run from a checkout), so no copy step is needed.</summary>
internal static class TestData
{
    public static string Dir([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Data");

    public static string Reply(string name) => File.ReadAllText(Path.Combine(Dir(), "replies", name));

    public static bool Regenerate => Environment.GetEnvironmentVariable("VIREO_REGENERATE_GOLDEN") == "1";
}
