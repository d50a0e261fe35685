using System.Diagnostics;

namespace Vireo.Tests.Shared;

/// <summary>
/// The busybox root filesystem the container tests use, built by the repository's own
/// scripts/make-container-rootfs.sh from Debian's busybox-static (what the demo container uses).
/// Linked into each test project that runs containers, so they all build it the same way.
/// </summary>
internal static class BusyboxRootfs
{
    /// <summary>Builds rootfs/ and demo-container.xml under <paramref name="dir"/>; returns why it could not, or null.</summary>
    public static string? Build(string dir)
    {
        if (Environment.UserName != "root") return "container tests need root (namespaces, cgroups, mounts)";
        var script = Path.Combine(RepoRoot(), "scripts", "make-container-rootfs.sh");
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(dir);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? null : $"{script} failed: {err.Result}";
    }

    public static void Remove(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vireo.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Vireo.slnx) above the test binaries.");
    }
}
