namespace Vireo.IntegrationTests.Support;

/// <summary>
/// One emulator-probe cache for every engine this test process starts. Each engine would otherwise probe
/// QEMU once in its fresh state directory: a QEMU start and a QMP session, some two hundred times a run,
/// for the same binary. The probe and the cache themselves are tested in Vireo.Qemu.Tests (CapsProberTests,
/// CapsCacheTests); engines sharing a cache is what a daemon restart does with its own.
/// </summary>
internal static class SharedCaps
{
    private static readonly Lazy<string> Dir = new(() =>
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("vit-caps-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { System.IO.Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
        };
        return dir;
    });

    public static string Path => Dir.Value;
}
