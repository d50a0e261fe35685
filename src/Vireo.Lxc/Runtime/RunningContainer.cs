using Vireo.Platform.Processes;

namespace Vireo.Lxc.Runtime;

/// <summary>Why vireod is stopping a container, so the exit watcher can tell a destroy from a crash.</summary>
internal enum StopIntent { None, Shutdown, Destroy, Reboot }

/// <summary>
/// The runtime handle of one running container (DomainObject.Handle): the helper and init processes
/// held through pidfds, its cgroup, its files and status. The helper's exit is the container's end:
/// it reaps init, writes the exit status, and only then exits.
/// </summary>
internal sealed class RunningContainer
{
    private int _intent;

    public required ContainerPaths Paths { get; init; }
    public required ContainerCgroup Cgroup { get; init; }
    public required ContainerStatus Status { get; init; }

    /// <summary>Null when the helper had already ended by the time we looked.</summary>
    public required WatchedProcess? Helper { get; init; }
    public required WatchedProcess? Init { get; init; }

    public int InitPid => Status.Init.Pid;

    public StopIntent Intent
    {
        get => (StopIntent)Volatile.Read(ref _intent);
        set => Volatile.Write(ref _intent, (int)value);
    }

    /// <summary>Completes once the exit watcher has cleaned up after the container.</summary>
    public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the helper is gone (at once if it was gone already).</summary>
    public Task HelperExited => Helper?.Exited ?? Task.CompletedTask;

    /// <summary>Signals init through its pidfd; false when it has already exited.</summary>
    public bool SignalInit(int signal)
    {
        try
        {
            return Init is { } init && init.Signal(signal);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Stops watching (the processes are untouched): for daemon shutdown and after the end.</summary>
    public void Release()
    {
        Helper?.Dispose();
        Init?.Dispose();
    }
}
