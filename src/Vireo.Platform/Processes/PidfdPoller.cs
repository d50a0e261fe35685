using Microsoft.Win32.SafeHandles;
using Vireo.Platform.Native;

namespace Vireo.Platform.Processes;

/// <summary>
/// One background thread that poll()s every registered pidfd (readable = the process exited) plus an
/// eventfd used to wake it when the set changes. One thread serves all guests; notice is instant.
/// </summary>
internal sealed unsafe class PidfdPoller
{
    public static readonly PidfdPoller Shared = new();

    private sealed record Entry(SafeFileHandle Pidfd, bool IsChild, TaskCompletionSource<ProcessExit> Exit);

    private readonly Lock _lock = new();
    private readonly List<Entry> _pending = [];
    private readonly List<Entry> _entries = [];
    private int _wakeFd = -1;
    private Thread? _thread;

    /// <summary>Starts watching; the returned task completes when the process exits (or the handle is disposed).</summary>
    public Task<ProcessExit> Watch(SafeFileHandle pidfd, bool isChild)
    {
        var tcs = new TaskCompletionSource<ProcessExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool added = false;
        pidfd.DangerousAddRef(ref added); // keeps the fd number valid while the poll thread may use it
        lock (_lock)
        {
            EnsureThread();
            _pending.Add(new Entry(pidfd, isChild, tcs));
        }
        Wake();
        return tcs.Task;
    }

    /// <summary>Makes the thread notice disposed handles.</summary>
    public void Wake()
    {
        ulong one = 1;
        if (_wakeFd >= 0)
            LibC.Write(_wakeFd, &one, sizeof(ulong));
    }

    private void EnsureThread()
    {
        if (_thread != null)
            return;
        _wakeFd = LibC.EventFd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        PlatformException.ThrowIfNegative(_wakeFd, "create an eventfd for the process watcher");
        _thread = new Thread(Run) { IsBackground = true, Name = "vireo-pidfd-poller" };
        _thread.Start();
    }

    private void Run()
    {
        var fds = new LibC.PollFd[1];
        while (true)
        {
            lock (_lock)
            {
                _entries.AddRange(_pending);
                _pending.Clear();
            }
            _entries.RemoveAll(e =>
            {
                if (!e.Pidfd.IsClosed)
                    return false;
                e.Exit.TrySetCanceled(); // handle disposed before the process exited: nobody watches any more
                e.Pidfd.DangerousRelease();
                return true;
            });
            if (fds.Length < _entries.Count + 1)
                fds = new LibC.PollFd[_entries.Count * 2 + 1];
            fds[0] = new LibC.PollFd { Fd = _wakeFd, Events = LibC.POLLIN };
            for (int i = 0; i < _entries.Count; i++)
                fds[i + 1] = new LibC.PollFd { Fd = (int)_entries[i].Pidfd.DangerousGetHandle(), Events = LibC.POLLIN };

            int n;
            fixed (LibC.PollFd* p = fds)
                n = LibC.Poll(p, (ulong)(_entries.Count + 1), -1);
            if (n < 0)
                continue; // EINTR
            if ((fds[0].REvents & LibC.POLLIN) != 0)
            {
                ulong drained;
                LibC.Read(_wakeFd, &drained, sizeof(ulong));
            }
            for (int i = _entries.Count - 1; i >= 0; i--)
            {
                if (fds[i + 1].REvents == 0)
                    continue;
                Entry e = _entries[i];
                _entries.RemoveAt(i);
                ProcessExit exit = e.IsChild ? Reap(e.Pidfd) : ProcessExit.Unknown;
                e.Pidfd.DangerousRelease();
                e.Exit.TrySetResult(exit);
            }
        }
    }

    /// <summary>Collects a child's exit status (and frees its zombie) through its pidfd.</summary>
    private static ProcessExit Reap(SafeFileHandle pidfd)
    {
        byte* info = stackalloc byte[LibC.SiginfoBytes];
        new Span<byte>(info, LibC.SiginfoBytes).Clear();
        int rc = LibC.Waitid(LibC.P_PIDFD, (int)pidfd.DangerousGetHandle(), info, LibC.WEXITED | LibC.WNOHANG);
        int pid = *(int*)(info + 16);
        if (rc < 0 || pid == 0)
            return ProcessExit.Unknown; // ECHILD: someone else reaped it
        int code = *(int*)(info + 8), status = *(int*)(info + 24);
        return code switch
        {
            LibC.CLD_EXITED => ProcessExit.Exited(status),
            LibC.CLD_DUMPED => ProcessExit.Killed(status, core: true),
            _ => ProcessExit.Killed(status),
        };
    }
}
