using Microsoft.Win32.SafeHandles;
using Vireo.Platform.Native;

namespace Vireo.Platform.Processes;

/// <summary>
/// A process we started or re-adopted, held through a pidfd: signals can never hit a process that
/// later reused the PID, and <see cref="Exited"/> completes the moment it dies (no polling).
/// Disposing stops watching; it never touches the process.
/// </summary>
public sealed class WatchedProcess : IDisposable
{
    private readonly SafeFileHandle _pidfd;

    private WatchedProcess(SafeFileHandle pidfd, ProcessIdentity identity, bool isChild)
    {
        _pidfd = pidfd;
        Identity = identity;
        IsChild = isChild;
        Exited = PidfdPoller.Shared.Watch(pidfd, isChild);
    }

    public int Pid => Identity.Pid;

    /// <summary>PID plus start time: persist this to find the process again after a restart.</summary>
    public ProcessIdentity Identity { get; }

    /// <summary>True when we spawned it (then <see cref="Exited"/> carries the exit status).</summary>
    public bool IsChild { get; }

    /// <summary>Completes when the process has exited. Canceled if this handle is disposed first.</summary>
    public Task<ProcessExit> Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    /// <summary>Wraps a child we just spawned (it cannot be reaped by anyone else before this call).</summary>
    internal static WatchedProcess ForChild(int pid)
    {
        var pidfd = OpenPidfd(pid) ?? throw new PlatformException($"open a pidfd for new child {pid}", Errno.ESRCH);
        ulong start = ProcPidStat.TryRead(pid)?.StartTime ?? 0;
        return new WatchedProcess(pidfd, new ProcessIdentity(pid, start), isChild: true);
    }

    /// <summary>
    /// Re-adopts a process recorded before a restart. Returns null when it is gone or the PID now
    /// belongs to another process (different start time).
    /// </summary>
    public static WatchedProcess? TryAdopt(ProcessIdentity identity)
    {
        // Open the pidfd first, then check the start time: if it still matches, the pidfd refers to
        // that very process (it started before we looked, so it cannot be a later reuse).
        SafeFileHandle? pidfd = OpenPidfd(identity.Pid);
        if (pidfd == null)
            return null;
        if (!identity.IsAlive())
        {
            pidfd.Dispose();
            return null;
        }
        return new WatchedProcess(pidfd, identity, isChild: false);
    }

    /// <summary>Sends a signal. Returns false when the process has already exited.</summary>
    public unsafe bool Signal(int signal)
    {
        ObjectDisposedException.ThrowIf(_pidfd.IsClosed, this);
        if (HasExited)
            return false;
        int rc = LibC.PidfdSendSignal((int)_pidfd.DangerousGetHandle(), signal, null, 0);
        if (rc == 0)
            return true;
        int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        if (errno == Errno.ESRCH)
            return false;
        throw new PlatformException($"send signal {signal} to process {Pid}", errno);
    }

    /// <summary>
    /// SIGTERM, then SIGKILL if the process has not exited after <paramref name="grace"/>; returns
    /// once it has exited. Awaits the pidfd, never sleeps.
    /// </summary>
    public async Task<ProcessExit> TerminateAsync(TimeSpan grace, CancellationToken ct = default)
    {
        Signal(Signals.SIGTERM);
        try
        {
            return await Exited.WaitAsync(grace, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return await KillAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>SIGKILL and wait for the exit.</summary>
    public async Task<ProcessExit> KillAsync(CancellationToken ct = default)
    {
        Signal(Signals.SIGKILL);
        return await Exited.WaitAsync(ct).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _pidfd.Dispose();
        PidfdPoller.Shared.Wake();
    }

    private static SafeFileHandle? OpenPidfd(int pid)
    {
        int fd = LibC.PidfdOpen(pid, 0);
        if (fd >= 0)
            return new SafeFileHandle(fd, ownsHandle: true);
        int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        if (errno == Errno.ESRCH)
            return null;
        throw new PlatformException($"open a pidfd for process {pid}", errno);
    }
}
