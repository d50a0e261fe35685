using Microsoft.Win32.SafeHandles;
using Vireo.Platform.Native;

namespace Vireo.Platform.Network;

/// <summary>
/// Runs code inside a network namespace. The namespace is a per-thread property on Linux, so we
/// setns() a dedicated thread, run the action there (sockets it opens, tap devices it creates and
/// children it spawns belong to that namespace) and let the thread end: no other thread is touched.
/// </summary>
public static class NetworkNamespace
{
    /// <summary>A bare name means /var/run/netns/NAME (what `ip netns add` creates).</summary>
    public static string PathOf(string nameOrPath) =>
        nameOrPath.StartsWith('/') ? nameOrPath : Path.Combine("/var/run/netns", nameOrPath);

    public static Task<T> RunInAsync<T>(string nameOrPath, Func<T> action)
    {
        string path = PathOf(nameOrPath);
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                tcs.SetResult(RunHere(path, action));
            }
            catch (Exception e)
            {
                tcs.SetException(e);
            }
        }) { IsBackground = true, Name = "vireo-netns" };
        thread.Start();
        return tcs.Task;
    }

    private static T RunHere<T>(string path, Func<T> action)
    {
        using SafeFileHandle original = OpenNs("/proc/thread-self/ns/net");
        using SafeFileHandle target = OpenNs(path);
        PlatformException.ThrowIfNegative(LibC.Setns((int)target.DangerousGetHandle(), LibC.CLONE_NEWNET),
            $"enter network namespace {path}");
        try
        {
            return action();
        }
        finally
        {
            // The thread ends right after, but restore anyway so nothing else can ever run in the wrong namespace.
            LibC.Setns((int)original.DangerousGetHandle(), LibC.CLONE_NEWNET);
        }
    }

    private static SafeFileHandle OpenNs(string path)
    {
        int fd = LibC.Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        if (fd < 0)
            throw PlatformException.FromLastError($"open network namespace {path}");
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
