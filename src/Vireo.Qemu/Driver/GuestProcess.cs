using Vireo.Drivers.Runtime;
using Vireo.Core.Domain;
using Vireo.Core.State;
using Vireo.Drivers.Persistence;
using Vireo.Platform.Processes;
using Vireo.Qemu.CommandLine;

namespace Vireo.Qemu.Driver;

/// <summary>One attached serial console: its device name ("serial0"), socket and the engine's capture of it.</summary>
internal sealed record GuestConsoleEntry(string Name, string SocketPath, string LogPath, IGuestConsole Capture);

/// <summary>
/// One running guest, as the driver holds it in DomainObject.Handle: the QEMU process (via pidfd), its
/// monitor, the consoles the engine captures, its state machine, and where its sockets live. What must
/// survive an engine restart is written to its status file (<see cref="ToStatus"/>).
/// </summary>
internal sealed class GuestProcess
{
    private readonly SemaphoreSlim _statusGate = new(1, 1);
    private readonly TaskCompletionSource<(ShutoffReason Reason, StoppedDetail Detail)> _ended =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GuestProcess(int id, DomainDef live, WatchedProcess process, QemuRuntimePaths paths, GuestState state)
    {
        Id = id;
        Live = live;
        Process = process;
        Paths = paths;
        State = state;
    }

    public int Id { get; }
    /// <summary>The running definition, replaced by live changes (tuning) so the status file keeps them.</summary>
    public DomainDef Live { get; set; }
    public WatchedProcess Process { get; }
    public QemuRuntimePaths Paths { get; }
    public GuestState State { get; }
    public IGuestMonitor? Monitor { get; set; }

    /// <summary>The event pump and exit watcher, once started.</summary>
    public GuestSupervisor? Supervisor { get; set; }
    public IReadOnlyList<GuestConsoleEntry> Consoles { get; set; } = [];

    /// <summary>Disk target (vda) to QEMU device id, for block statistics.</summary>
    public IReadOnlyDictionary<string, string> DiskDevices { get; set; } = new Dictionary<string, string>();

    /// <summary>vCPU thread ids in vCPU order (query-cpus-fast), for per-vCPU times.</summary>
    public IReadOnlyList<int> VcpuThreads { get; set; } = [];

    /// <summary>The balloon device's QOM path, when the guest has one.</summary>
    public string? BalloonQomPath { get; set; }

    /// <summary>
    /// Runtime facts features keep about this guest (QEMU ids of hot-plugged devices, ...): saved in the
    /// status file under "x.KEY" and given back on reconnect.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> FeatureRuntime { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the guest has each virtio channel (by index in <see cref="Live"/>) open, as QEMU last said
    /// (Features/Agent/ChannelStateWatch); a channel QEMU said nothing about is absent. Runtime only:
    /// queried again on reconnect.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<int, Core.Domain.ChannelState> ChannelStates { get; } = new();

    /// <summary>
    /// Every QMP event of this guest, in order, after the engine's own handling (block jobs watch theirs
    /// here). Raised on the event pump: handlers must not block.
    /// </summary>
    public event Action<Qmp.QmpEvent>? QmpEventReceived;

    internal void RaiseQmpEvent(Qmp.QmpEvent e) => QmpEventReceived?.Invoke(e);

    /// <summary>Completes once the guest is gone and everything about it is cleaned up, with how it ended.</summary>
    public Task<(ShutoffReason Reason, StoppedDetail Detail)> Ended => _ended.Task;

    /// <summary>Set by the teardown once the status file is gone; later saves are skipped.</summary>
    public bool StatusRemoved { get; set; }

    /// <summary>The status-file key prefix of <see cref="FeatureRuntime"/> entries.</summary>
    public const string FeatureRuntimePrefix = "x.";

    /// <summary>The status-file key of the domain's agent timeout (guest-agent-timeout), absent when it is the default.</summary>
    public const string AgentTimeoutKey = "agenttimeout";

    internal bool MarkEnded((ShutoffReason, StoppedDetail) outcome) => _ended.TrySetResult(outcome);

    /// <summary>The monitor, or the sentence libvirt users know when there is none.</summary>
    public IGuestMonitor RequireMonitor() =>
        Monitor ?? throw Core.Errors.VirErrors.Invalid("monitor must not be NULL: the guest's QMP connection is not up", Core.Errors.VirErrorDomain.Qemu);

    public DomainStatus ToStatus()
    {
        var runtime = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["monitor"] = Paths.MonitorSocket,
            ["rundir"] = Paths.Directory,
        };
        foreach (var c in Consoles)
        {
            runtime["console." + c.Name] = c.SocketPath;
            runtime["consolelog." + c.Name] = c.LogPath;
        }
        foreach (var (target, device) in DiskDevices) runtime["disk." + target] = device;
        if (BalloonQomPath is not null) runtime["balloon"] = BalloonQomPath;
        foreach (var (key, value) in FeatureRuntime) runtime[FeatureRuntimePrefix + key] = value;
        if (State.FakeReboot) runtime["fakereboot"] = "1";
        if (State.GotShutdown) runtime["gotshutdown"] = "1";
        if (State.Domain.AgentTimeout != AgentTimeouts.Default) runtime[AgentTimeoutKey] = State.Domain.AgentTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new DomainStatus
        {
            Live = Live,
            Id = Id,
            State = State.Domain.State,
            Pid = Process.Pid,
            ProcessStartTime = Process.Identity.StartTime,
            Runtime = runtime,
        };
    }

    /// <summary>Rewrites the status file; serialized, so the last state always lands last.</summary>
    public async Task SaveStatusAsync(DomainStore store, CancellationToken ct)
    {
        await _statusGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (StatusRemoved) return; // never resurrect the file of a guest that is gone
            await store.SaveStatusAsync(ToStatus(), ct).ConfigureAwait(false);
        }
        finally
        {
            _statusGate.Release();
        }
    }

    /// <summary>Blocks status writes while the guest is torn down (so none lands after the file is removed).</summary>
    public async Task<IDisposable> LockStatusAsync()
    {
        await _statusGate.WaitAsync().ConfigureAwait(false);
        return new Releaser(_statusGate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
