namespace Vireo.IntegrationTests.Support;

/// <summary>
/// A small tmpfs mounted on a directory of its own, for a test whose guest fills the host file system under its
/// disk; it can be made larger (room again), and disposing unmounts it.
/// </summary>
internal sealed class SmallTmpfs : IAsyncDisposable
{
    private SmallTmpfs(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (mount's syntax, "4m") on a new directory below <paramref name="under"/>.</summary>
    public static async Task<SmallTmpfs> MountAsync(string under, string size)
    {
        var dir = Directory.CreateDirectory(System.IO.Path.Combine(under, "tiny")).FullName;
        var mount = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={size}", "tmpfs", dir]);
        // Only a non-root run truly cannot mount; as root a failed mount is a failure, not a reason to skip.
        Assert.SkipWhen(mount.ExitCode != 0 && Environment.UserName != "root", $"cannot mount a small tmpfs to fill (needs root): {mount.Stderr.Trim()}");
        Assert.True(mount.ExitCode == 0, $"mounting a small tmpfs to fill failed: {mount.Stderr.Trim()}");
        return new SmallTmpfs(dir);
    }

    public Task GrowAsync(string size) => ProcessRunner.OkAsync("mount", ["-o", $"remount,size={size}", Path]);

    public async ValueTask DisposeAsync() => await ProcessRunner.RunAsync("umount", ["-l", Path]);
}
