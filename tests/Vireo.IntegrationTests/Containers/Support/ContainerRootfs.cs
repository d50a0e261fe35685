using Vireo.Tests.Shared;

namespace Vireo.IntegrationTests.Containers.Support;

/// <summary>The busybox root filesystem of the container tests, built once per test class; each container gets its own copy.</summary>
public sealed class ContainerRootfs : IDisposable
{
    public ContainerRootfs()
    {
        Dir = Directory.CreateTempSubdirectory("vit-rootfs-").FullName;
        Error = BusyboxRootfs.Build(Dir);
    }

    /// <summary>Holds rootfs/ and demo-container.xml.</summary>
    public string Dir { get; }

    public string Rootfs => Path.Combine(Dir, "rootfs");

    /// <summary>Why containers cannot run here, or null.</summary>
    public string? Error { get; }

    public void Dispose() => BusyboxRootfs.Remove(Dir);

    public static string RepoRoot() => BusyboxRootfs.RepoRoot();
}
