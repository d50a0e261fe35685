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

    /// <summary>
    /// Skips a container test only where containers cannot run at all (not root); any other reason the
    /// root could not be built (busybox-static missing, the script failing) fails it, because
    /// scripts/setup.sh provides everything the build needs.
    /// </summary>
    public static void Require(string? buildError)
    {
        Assert.SkipWhen(Environment.UserName != "root", "container tests need root (namespaces, cgroups, mounts)");
        Assert.True(buildError is null, $"The busybox container root could not be built: {buildError}");
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
