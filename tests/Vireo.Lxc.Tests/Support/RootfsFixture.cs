using Vireo.Tests.Shared;

[assembly: AssemblyFixture(typeof(Vireo.Lxc.Tests.Support.RootfsFixture))]

namespace Vireo.Lxc.Tests.Support;

/// <summary>One busybox root filesystem for the whole test run; each test copies it.</summary>
public sealed class RootfsFixture : IDisposable
{
    public RootfsFixture()
    {
        Dir = Path.Combine(Path.GetTempPath(), $"vireo-lxc-rootfs-{Environment.ProcessId}");
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
