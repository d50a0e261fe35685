using System.Diagnostics;

namespace Vireo.Platform.Tests;

/// <summary>A unique temp directory removed at dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("vireo-test-").FullName;
    public string this[string name] => System.IO.Path.Combine(Path, name);
    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>A network namespace created for one test and deleted afterwards (everything in it goes with it).</summary>
public sealed class TestNetns : IDisposable
{
    public string Name { get; } = $"vireo-test-{Guid.NewGuid():N}"[..24];

    public TestNetns()
    {
        Run("ip", "netns", "add", Name);
        Run("ip", "-n", Name, "link", "set", "lo", "up");
    }

    public void Dispose() => Run("ip", "netns", "del", Name);

    public static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {err}");
        return output;
    }
}

public static class Root
{
    /// <summary>Namespaces, cgroups and taps need root; the dev machine and CI run as root.</summary>
    public static void Require() => Assert.SkipUnless(Environment.UserName == "root" || geteuid() == 0,
        "This test needs root (network namespaces, cgroups, tap devices).");

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
