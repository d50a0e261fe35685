using System.Diagnostics;

namespace Vireo.IntegrationTests.Containers.Support;

/// <summary>
/// The busybox root filesystem of the container tests, built once per test class by the repository's
/// scripts/make-container-rootfs.sh from Debian's busybox-static (what the demo container uses); each
/// container gets its own copy.
/// </summary>
public sealed class ContainerRootfs : IDisposable
{
    public ContainerRootfs()
    {
        Dir = Directory.CreateTempSubdirectory("vit-rootfs-").FullName;
        if (Environment.UserName != "root")
        {
            Error = "container tests need root (namespaces, cgroups, mounts)";
            return;
        }
        var script = Path.Combine(RepoRoot(), "scripts", "make-container-rootfs.sh");
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(Dir);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) Error = $"{script} failed: {err.Result}";
    }

    /// <summary>Holds rootfs/ and demo-container.xml.</summary>
    public string Dir { get; }

    public string Rootfs => Path.Combine(Dir, "rootfs");

    /// <summary>Why containers cannot run here, or null.</summary>
    public string? Error { get; }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Vireo.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Vireo.slnx) above the test binaries.");
    }
}
